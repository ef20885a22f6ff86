#!/usr/bin/env bash
# Creates the namespace and the Kubernetes Secrets that the manifests in infra/k8s read, from an env
# file (infra/k8s/secrets.env by default, git-ignored; the template is infra/k8s/secrets.example.env).
# Values never enter the repository or a manifest, and never appear on a command line (ps).
#
#   infra/scripts/create-secrets.sh [--env-file FILE] [--namespace NS] [--context CTX]
#                                   [--generate-missing] [--replace] [--dry-run]
#
#   --generate-missing  fill an empty JWT_KEY, CREDENTIAL_KEYS, database passwords and NATS passwords
#                       with random values (no env file needed then); Stripe keys and SMTP_URL cannot
#                       be invented and stay absent
#   --replace           overwrite Secrets that exist (by default an existing Secret is kept, because a
#                       database keeps the password it was initialised with)
#   --dry-run           print the Secrets as YAML instead of applying them; needs no cluster
#
# Idempotent: `skaffold dev` runs it with --generate-missing before every deploy.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
env_file="$here/../k8s/secrets.env"
namespace_manifest="$here/../k8s/namespace.yaml"
namespace=ticketing
# skaffold passes the context it deploys to; outside skaffold, kubectl's current context.
context="${SKAFFOLD_KUBE_CONTEXT:-}"
generate=false
replace=false
dry_run=false

die() { printf 'create-secrets: %s\n' "$*" >&2; exit 1; }
note() { printf 'create-secrets: %s\n' "$*" >&2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --env-file) env_file="${2:?--env-file needs a file}"; shift 2 ;;
    --namespace) namespace="${2:?--namespace needs a name}"; shift 2 ;;
    --context) context="${2:?--context needs a name}"; shift 2 ;;
    --generate-missing) generate=true; shift ;;
    --replace) replace=true; shift ;;
    --dry-run) dry_run=true; shift ;;
    -h | --help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done

command -v kubectl >/dev/null || die "kubectl is not on the PATH"
kubectl=(kubectl)
[ -n "$context" ] && kubectl+=(--context "$context")

db_services=(auth tickets orders payments notifications)
password_keys=()
for service in "${db_services[@]}"; do password_keys+=("${service^^}_POSTGRES_PASSWORD"); done
# The NATS users of infra/k8s/base/nats.conf: one per service on the bus, and the operator's.
nats_users=(auth tickets orders payments expiration notifications operator)
nats_keys=()
for user in "${nats_users[@]}"; do nats_keys+=("${user^^}_NATS_PASSWORD"); done
known_keys=(JWT_KEY CREDENTIAL_KEYS STRIPE_SECRET_KEY STRIPE_WEBHOOK_SECRET STRIPE_PUBLISHABLE_KEY SMTP_URL "${password_keys[@]}" "${nats_keys[@]}")

declare -A value=()
if [ -f "$env_file" ]; then
  line_number=0
  while IFS= read -r line || [ -n "$line" ]; do
    line_number=$((line_number + 1))
    line="${line%$'\r'}"
    [[ "$line" =~ ^[[:space:]]*(#|$) ]] && continue
    [[ "$line" =~ ^([A-Z0-9_]+)=(.*)$ ]] || die "$env_file:$line_number: expected KEY=value"
    key="${BASH_REMATCH[1]}"
    [[ " ${known_keys[*]} " == *" $key "* ]] || die "$env_file:$line_number: unknown key $key (known: ${known_keys[*]})"
    value[$key]="${BASH_REMATCH[2]}"
  done <"$env_file"
elif [ "$generate" = false ]; then
  die "no $env_file: copy infra/k8s/secrets.example.env there and fill it in, or pass --generate-missing"
fi

# 48 hex characters: URL-safe, and well over JWT_KEY's 32-character minimum.
random_secret() { od -An -N24 -tx1 /dev/urandom | tr -d ' \n'; }
# 48 letters (hex with its digits moved to g-p): nats-server reads a password from the environment as
# a value of its config, where one starting with a digit would be a number.
random_letters() { random_secret | tr '0-9' 'g-p'; }
# One credential key, kid k1: base64 of 32 random bytes, the least tickets accepts.
random_credential_keys() { printf 'k1:%s' "$(head -c 32 /dev/urandom | base64 | tr -d '\n')"; }

if [ "$generate" = true ]; then
  for key in JWT_KEY "${password_keys[@]}"; do
    [ -n "${value[$key]:-}" ] || value[$key]="$(random_secret)"
  done
  for key in "${nats_keys[@]}"; do
    [ -n "${value[$key]:-}" ] || value[$key]="$(random_letters)"
  done
  [ -n "${value[CREDENTIAL_KEYS]:-}" ] || value[CREDENTIAL_KEYS]="$(random_credential_keys)"
fi

# The same rules the services apply at start, checked here so a bad value fails before any pod does.
problems=()
jwt="${value[JWT_KEY]:-}"
[ ${#jwt} -ge 32 ] || problems+=("JWT_KEY must be at least 32 characters (openssl rand -hex 32)")
# CREDENTIAL_KEYS as tickets/src/domain/credential.ts reads it: kid:base64secret entries separated by
# commas (spaces around each part allowed), kids unique, each secret at least 32 bytes decoded. The
# messages name a key by its kid, never by its secret.
credential_key_pattern='^[[:space:]]*([A-Za-z0-9_-]{1,32})[[:space:]]*:[[:space:]]*([A-Za-z0-9+/_-]+)={0,2}[[:space:]]*$'
check_credential_keys() {
  local rest="${value[CREDENTIAL_KEYS]:-}" entry kid encoded position=0 seen=" "
  if [ -z "$rest" ]; then
    problems+=("CREDENTIAL_KEYS must be set: kid:base64secret, e.g. k1:\$(openssl rand -base64 32)")
    return
  fi
  rest="$rest,"
  while [ -n "$rest" ]; do
    entry="${rest%%,*}"
    rest="${rest#*,}"
    position=$((position + 1))
    if ! [[ "$entry" =~ $credential_key_pattern ]]; then
      problems+=("CREDENTIAL_KEYS key $position must be kid:base64secret, with a kid of 1 to 32 letters, digits, - or _ and a base64 secret")
      continue
    fi
    kid="${BASH_REMATCH[1]}"
    encoded="${BASH_REMATCH[2]}"
    # Base64 holds 6 bits a character; a dangling one makes no byte, as Node's decoder reads it.
    [ $((${#encoded} * 6 / 8)) -ge 32 ] ||
      problems+=("CREDENTIAL_KEYS key $kid: the secret must be base64 of at least 32 random bytes (openssl rand -base64 32)")
    if [[ "$seen" == *" $kid "* ]]; then
      problems+=("CREDENTIAL_KEYS key $kid is given twice")
    fi
    seen+="$kid "
  done
}
check_credential_keys
for key in "${password_keys[@]}"; do
  password="${value[$key]:-}"
  [[ "$password" =~ ^[A-Za-z0-9._~-]+$ ]] ||
    problems+=("$key must be set, with only letters, digits and - . _ ~ (it goes into a postgres:// URL)")
done
for key in "${nats_keys[@]}"; do
  [[ "${value[$key]:-}" =~ ^[A-Za-z][A-Za-z0-9]{23,}$ ]] ||
    problems+=("$key must be set, at least 24 letters and digits starting with a letter (nats-server would read a leading digit as a number)")
done
check_prefix() {
  local key="$1" pattern="$2" hint="$3" current="${value[$1]:-}"
  [ -z "$current" ] || [[ "$current" =~ $pattern ]] || problems+=("$key must start with $hint")
}
check_prefix STRIPE_SECRET_KEY '^(sk|rk)_' 'sk_ or rk_'
check_prefix STRIPE_WEBHOOK_SECRET '^whsec_' 'whsec_'
check_prefix STRIPE_PUBLISHABLE_KEY '^pk_' 'pk_'
check_prefix SMTP_URL '^smtps?://[^/?#]+' 'smtp:// or smtps:// and a host (smtp://user:pass@host:587)'
if [ ${#problems[@]} -gt 0 ]; then
  printf 'create-secrets: %s\n' "${problems[@]}" >&2
  exit 1
fi
[ -n "${value[STRIPE_SECRET_KEY]:-}" ] ||
  note "no Stripe keys: payments runs its sandbox in development, and will not start with the prod overlay"
[ -n "${value[SMTP_URL]:-}" ] ||
  note "no SMTP_URL: notifications keeps the notices in the app and e-mails nothing"

workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT
chmod 700 "$workdir"

# Prints the Secret NAME holding the given keys (those with a value) as YAML, built by kubectl from a
# private env file so no value is passed as an argument.
secret_manifest() {
  local name="$1" source_key target_key
  shift
  : >"$workdir/$name.env"
  for pair in "$@"; do
    source_key="${pair%%=*}"
    target_key="${pair#*=}"
    if [ -n "${value[$source_key]:-}" ]; then
      printf '%s=%s\n' "$target_key" "${value[$source_key]}" >>"$workdir/$name.env"
    fi
  done
  "${kubectl[@]}" create secret generic "$name" --namespace "$namespace" \
    --from-env-file="$workdir/$name.env" --dry-run=client -o yaml
}

apply_secret() {
  local name="$1" manifest
  manifest="$(secret_manifest "$@")"
  if [ "$dry_run" = true ]; then
    printf -- '---\n%s\n' "$manifest"
  elif [ "$replace" = false ] && "${kubectl[@]}" get secret "$name" --namespace "$namespace" >/dev/null 2>&1; then
    note "secret/$name exists in $namespace, kept (--replace to overwrite)"
  else
    printf '%s\n' "$manifest" | "${kubectl[@]}" apply -f - >/dev/null
    note "secret/$name applied in $namespace"
  fi
}

if [ "$dry_run" = false ]; then
  if [ "$namespace" = ticketing ]; then
    "${kubectl[@]}" apply -f "$namespace_manifest" >/dev/null
  else
    "${kubectl[@]}" create namespace "$namespace" --dry-run=client -o yaml | "${kubectl[@]}" apply -f - >/dev/null
  fi
fi

apply_secret jwt JWT_KEY=JWT_KEY
apply_secret tickets-credentials CREDENTIAL_KEYS=CREDENTIAL_KEYS
apply_secret stripe STRIPE_SECRET_KEY=STRIPE_SECRET_KEY STRIPE_WEBHOOK_SECRET=STRIPE_WEBHOOK_SECRET \
  STRIPE_PUBLISHABLE_KEY=STRIPE_PUBLISHABLE_KEY
apply_secret notifications-smtp SMTP_URL=SMTP_URL
for service in "${db_services[@]}"; do
  apply_secret "$service-postgres" "${service^^}_POSTGRES_PASSWORD=POSTGRES_PASSWORD"
done
# One Secret per NATS user, so a node gets only the passwords of the pods it runs; nats gets them all.
for user in "${nats_users[@]}"; do
  apply_secret "$user-nats" "${user^^}_NATS_PASSWORD=NATS_PASSWORD"
done
