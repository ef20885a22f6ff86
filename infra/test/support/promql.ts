/**
 * PromQL, read offline: a parser for the expressions of the alerts and the dashboard (and Grafana's
 * variables in them), and a check of what they select against the services' metrics
 * (metric-names.ts). Prometheus evaluates a query that names a missing metric, label or value to
 * nothing, without an error, so an alert on a misspelt name never fires; here it is refused.
 *
 * Beyond names it refuses what Prometheus accepts and computes wrong: rate and increase of a gauge,
 * delta and deriv of a counter, histogram_quantile over buckets summed without `le`, grouping by a
 * label no series has. It also works out the labels each expression's result carries, so that an alert's
 * `{{ $labels.x }}` or a panel's `{{x}}` can be checked against them.
 */
import { seriesNamed, TARGET_LABELS, type Series } from './metric-names';

export interface Matcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

export type Node =
  | { kind: 'number' }
  | { kind: 'string'; value: string }
  | { kind: 'selector'; metric: string; matchers: Matcher[]; range?: string }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'aggregate'; op: string; grouping?: { mode: 'by' | 'without'; labels: string[] }; param?: Node; expr: Node }
  | { kind: 'binary'; op: string; lhs: Node; rhs: Node; matching?: { mode: 'on' | 'ignoring'; labels: string[] }; group?: { side: 'left' | 'right'; include: string[] } }
  | { kind: 'subquery'; expr: Node }
  | { kind: 'unary'; expr: Node };

const AGGREGATIONS = ['sum', 'min', 'max', 'avg', 'group', 'stddev', 'stdvar', 'count', 'count_values', 'bottomk', 'topk', 'quantile', 'limitk', 'limit_ratio'];
const PARAMETERISED = ['count_values', 'bottomk', 'topk', 'quantile', 'limitk', 'limit_ratio'];
/** Prometheus 3's functions (promql/parser/functions.go), experimental ones included. */
const FUNCTIONS = new Set(
  (
    'abs absent absent_over_time acos acosh asin asinh atan atanh avg_over_time ceil changes clamp clamp_max clamp_min cos cosh ' +
    'count_over_time day_of_month day_of_week day_of_year days_in_month deg delta deriv double_exponential_smoothing exp floor ' +
    'histogram_avg histogram_count histogram_fraction histogram_quantile histogram_stddev histogram_stdvar histogram_sum hour idelta ' +
    'increase info irate label_join label_replace last_over_time ln log10 log2 mad_over_time max_over_time min_over_time minute month ' +
    'pi predict_linear present_over_time quantile_over_time rad rate resets round scalar sgn sin sinh sort sort_by_label ' +
    'sort_by_label_desc sort_desc sqrt stddev_over_time stdvar_over_time sum_over_time tan tanh time timestamp vector year'
  ).split(' '),
);
/** Functions of a range of a counter: a gauge's fall would read as a reset. */
const COUNTER_FUNCTIONS = ['rate', 'irate', 'increase', 'resets'];
/** Functions of a range of a gauge: a counter's rise belongs in rate. */
const GAUGE_FUNCTIONS = ['delta', 'idelta', 'deriv', 'predict_linear', 'double_exponential_smoothing'];
/** Functions of a range vector (x[5m] or a subquery), and which argument it is. */
const RANGE_ARGUMENT: Record<string, number> = Object.fromEntries([
  ...[...COUNTER_FUNCTIONS, ...GAUGE_FUNCTIONS, 'changes', 'absent_over_time', 'present_over_time', 'last_over_time'].map((f) => [f, 0]),
  ...['avg', 'min', 'max', 'sum', 'count', 'stddev', 'stdvar', 'mad'].map((f) => [`${f}_over_time`, 0]),
  ['quantile_over_time', 1],
]);
/** Functions whose result is a scalar. */
const SCALAR_FUNCTIONS = ['scalar', 'time', 'pi'];
/** Functions whose result carries no label of their argument. */
const LABELLESS_FUNCTIONS = ['vector', 'absent', 'absent_over_time'];
const PRECEDENCE: Record<string, number> = { or: 1, and: 2, unless: 2, '==': 3, '!=': 3, '<=': 3, '<': 3, '>=': 3, '>': 3, '+': 4, '-': 4, '*': 5, '/': 5, '%': 5, atan2: 5, '^': 6 };
const SET_OPERATORS = ['and', 'or', 'unless'];

/** A Prometheus duration (5m, 1h30m), or a Grafana variable that stands for one ($__rate_interval). */
const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$|^\$\w+$|^\$\{\w+\}$/;

type TokenKind = 'ident' | 'number' | 'duration' | 'string' | 'variable' | 'op' | 'punct' | 'end';
interface Token {
  kind: TokenKind;
  text: string;
  at: number;
}

class PromQLSyntaxError extends Error {}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const patterns: [TokenKind, RegExp][] = [
    ['duration', /^\d+(ms|s|m|h|d|w|y)(\d+(ms|s|m|h|d|w|y))*(?![\w.])/],
    ['number', /^(0x[0-9a-f]+|\d*\.?\d+(e[+-]?\d+)?)/i],
    ['ident', /^[a-zA-Z_][\w:]*/],
    ['variable', /^\$(\{\w+\}|\w+)/],
    ['string', /^("(\\.|[^"\\])*"|'(\\.|[^'\\])*'|`[^`]*`)/],
    ['op', /^(==|!=|<=|>=|=~|!~|[-+*/%^<>=@])/],
    ['punct', /^[(){}[\],:]/],
  ];
  let at = 0;
  while (at < source.length) {
    const rest = source.slice(at);
    const space = /^(\s+|#[^\n]*)/.exec(rest);
    if (space) {
      at += space[0].length;
      continue;
    }
    const found = patterns.map(([kind, re]) => [kind, re.exec(rest)] as const).find(([, m]) => m !== null);
    if (!found) throw new PromQLSyntaxError(`unexpected ${JSON.stringify(rest[0])} at ${at}`);
    const [kind, match] = found;
    tokens.push({ kind, text: match![0], at });
    at += match![0].length;
  }
  tokens.push({ kind: 'end', text: '', at });
  return tokens;
}

function unquote(text: string): string {
  if (text.startsWith('`')) return text.slice(1, -1);
  return text.slice(1, -1).replace(/\\(.)/g, '$1');
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[Math.min(this.i, this.tokens.length - 1)]!;
  }
  private next(): Token {
    const token = this.peek();
    this.i++;
    return token;
  }
  private is(text: string): boolean {
    return this.peek().text === text && this.peek().kind !== 'string';
  }
  private expect(text: string): void {
    const token = this.next();
    if (token.text !== text) throw new PromQLSyntaxError(`expected "${text}" at ${token.at}, found ${token.text ? `"${token.text}"` : 'the end'}`);
  }

  parseAll(): Node {
    const node = this.expr(0);
    if (this.peek().kind !== 'end') throw new PromQLSyntaxError(`unexpected "${this.peek().text}" at ${this.peek().at}`);
    return node;
  }

  private binaryOperator(): string | undefined {
    const token = this.peek();
    if (token.kind === 'op' && token.text in PRECEDENCE) return token.text;
    if (token.kind === 'ident' && ['and', 'or', 'unless', 'atan2'].includes(token.text)) return token.text;
    return undefined;
  }

  private expr(minPrecedence: number): Node {
    let lhs = this.unary();
    for (let op = this.binaryOperator(); op !== undefined && PRECEDENCE[op]! >= minPrecedence; op = this.binaryOperator()) {
      this.next();
      if (this.is('bool')) this.next();
      let matching: { mode: 'on' | 'ignoring'; labels: string[] } | undefined;
      let group: { side: 'left' | 'right'; include: string[] } | undefined;
      if (this.is('on') || this.is('ignoring')) matching = { mode: this.next().text as 'on' | 'ignoring', labels: this.labelList() };
      if (this.is('group_left') || this.is('group_right')) {
        const side = this.next().text === 'group_left' ? 'left' : 'right';
        group = { side, include: this.is('(') ? this.labelList() : [] };
      }
      // ^ is right-associative, the others left.
      const rhs = this.expr(op === '^' ? PRECEDENCE[op]! : PRECEDENCE[op]! + 1);
      lhs = { kind: 'binary', op, lhs, rhs, matching, group };
    }
    return lhs;
  }

  private unary(): Node {
    if (this.is('-') || this.is('+')) {
      this.next();
      return { kind: 'unary', expr: this.unary() };
    }
    return this.postfix();
  }

  private postfix(): Node {
    let node = this.primary();
    for (;;) {
      if (this.is('[')) {
        this.next();
        const range = this.durationText();
        if (this.is(':')) {
          this.next();
          if (!this.is(']')) this.durationText();
          this.expect(']');
          node = { kind: 'subquery', expr: node };
        } else {
          this.expect(']');
          if (node.kind !== 'selector' || node.range !== undefined) throw new PromQLSyntaxError(`a range [${range}] applies to a metric selector only`);
          node = { ...node, range };
        }
      } else if (this.is('offset')) {
        this.next();
        if (this.is('-')) this.next();
        this.durationText();
      } else if (this.is('@')) {
        this.next();
        const at = this.next();
        if ((at.text === 'start' || at.text === 'end') && this.is('(')) {
          this.expect('(');
          this.expect(')');
        } else if (at.kind !== 'number' && at.kind !== 'variable') throw new PromQLSyntaxError(`@ takes a timestamp, start() or end() at ${at.at}`);
      } else {
        return node;
      }
    }
  }

  private durationText(): string {
    const token = this.next();
    if ((token.kind !== 'duration' && token.kind !== 'variable') || !DURATION.test(token.text)) {
      throw new PromQLSyntaxError(`expected a duration at ${token.at}, found "${token.text}"`);
    }
    return token.text;
  }

  private labelList(): string[] {
    this.expect('(');
    const labels: string[] = [];
    while (!this.is(')')) {
      const token = this.next();
      if (token.kind !== 'ident') throw new PromQLSyntaxError(`expected a label name at ${token.at}, found "${token.text}"`);
      labels.push(token.text);
      if (!this.is(')')) this.expect(',');
    }
    this.expect(')');
    return labels;
  }

  private grouping(): { mode: 'by' | 'without'; labels: string[] } | undefined {
    if (!this.is('by') && !this.is('without')) return undefined;
    const mode = this.next().text as 'by' | 'without';
    return { mode, labels: this.labelList() };
  }

  private primary(): Node {
    const token = this.peek();
    if (token.kind === 'number' || token.kind === 'variable' || token.text === 'Inf' || token.text === 'NaN') {
      this.next();
      return { kind: 'number' };
    }
    if (token.kind === 'string') {
      this.next();
      return { kind: 'string', value: unquote(token.text) };
    }
    if (this.is('(')) {
      this.next();
      const inner = this.expr(0);
      this.expect(')');
      return inner;
    }
    if (this.is('{')) throw new PromQLSyntaxError(`a selector without a metric name at ${token.at}`);
    if (token.kind !== 'ident') throw new PromQLSyntaxError(`unexpected ${token.text ? `"${token.text}"` : 'end'} at ${token.at}`);
    this.next();
    const following = this.peek().text;
    if (AGGREGATIONS.includes(token.text) && (following === '(' || following === 'by' || following === 'without')) return this.aggregation(token.text);
    if (following === '(') {
      if (!FUNCTIONS.has(token.text)) throw new PromQLSyntaxError(`unknown function ${token.text} at ${token.at}`);
      return { kind: 'call', name: token.text, args: this.argumentList() };
    }
    return { kind: 'selector', metric: token.text, matchers: this.is('{') ? this.matchers() : [] };
  }

  private aggregation(op: string): Node {
    let grouping = this.grouping();
    this.expect('(');
    const param = PARAMETERISED.includes(op) ? this.expr(0) : undefined;
    if (param) this.expect(',');
    const expr = this.expr(0);
    this.expect(')');
    grouping ??= this.grouping();
    return { kind: 'aggregate', op, grouping, param, expr };
  }

  private argumentList(): Node[] {
    this.expect('(');
    const args: Node[] = [];
    while (!this.is(')')) {
      args.push(this.expr(0));
      if (!this.is(')')) this.expect(',');
    }
    this.expect(')');
    return args;
  }

  private matchers(): Matcher[] {
    this.expect('{');
    const matchers: Matcher[] = [];
    while (!this.is('}')) {
      const label = this.next();
      if (label.kind !== 'ident') throw new PromQLSyntaxError(`expected a label name at ${label.at}, found "${label.text}"`);
      const op = this.next();
      if (!['=', '!=', '=~', '!~'].includes(op.text)) throw new PromQLSyntaxError(`expected =, !=, =~ or !~ at ${op.at}, found "${op.text}"`);
      const value = this.next();
      if (value.kind !== 'string') throw new PromQLSyntaxError(`expected a quoted value at ${value.at}, found "${value.text}"`);
      matchers.push({ label: label.text, op: op.text as Matcher['op'], value: unquote(value.text) });
      if (!this.is('}')) this.expect(',');
    }
    this.expect('}');
    return matchers;
  }
}

export function parsePromQL(source: string): Node {
  return new Parser(tokenize(source)).parseAll();
}

/** Every metric selector in the expression. */
export function selectorsOf(node: Node): Extract<Node, { kind: 'selector' }>[] {
  switch (node.kind) {
    case 'selector':
      return [node];
    case 'call':
      return node.args.flatMap(selectorsOf);
    case 'aggregate':
      return [...(node.param ? selectorsOf(node.param) : []), ...selectorsOf(node.expr)];
    case 'binary':
      return [...selectorsOf(node.lhs), ...selectorsOf(node.rhs)];
    case 'subquery':
    case 'unary':
      return selectorsOf(node.expr);
    default:
      return [];
  }
}

/** The labels of the expression's result; null for a scalar or a string. */
type Labels = Set<string> | null;

const minus = (labels: Set<string>, removed: string[]) => new Set([...labels].filter((l) => !removed.includes(l)));

/**
 * An expression that looks only like a regular expression of alternatives of plain values
 * ("declined|failed") names those values; anything else (".*", "5..", "$service") is left alone.
 */
function namedValues(matcher: Matcher): string[] | undefined {
  if (matcher.op === '=' || matcher.op === '!=') return matcher.value.includes('$') ? undefined : [matcher.value];
  return /^[\w-]+(\|[\w-]+)*$/.test(matcher.value) ? matcher.value.split('|') : undefined;
}

function analyse(node: Node): QueryCheck {
  const problems: string[] = [];
  /** `ranged`: the node stands where a function takes a range vector (rate's argument). */
  const visit = (n: Node, ranged = false): Labels => {
    if ((n.kind === 'selector' && n.range !== undefined) || n.kind === 'subquery') {
      if (!ranged) problems.push(`${n.kind === 'selector' ? `${n.metric}[${n.range}]` : 'a subquery'} is a range, which only a function such as rate or max_over_time takes`);
    }
    switch (n.kind) {
      case 'number':
      case 'string':
        return null;
      case 'selector': {
        const series = seriesNamed(n.metric);
        if (!series) {
          problems.push(`${n.metric} is not a metric the services serve (infra/test/support/metric-names.ts)`);
          return new Set(TARGET_LABELS);
        }
        checkMatchers(series, n.matchers, problems);
        return new Set(series.labels);
      }
      case 'call': {
        const rangeAt = RANGE_ARGUMENT[n.name];
        const args = n.args.map((arg, i) => visit(arg, i === rangeAt));
        if (rangeAt !== undefined) checkRangeArgument(n, rangeAt, problems);
        if (n.name === 'histogram_quantile') {
          const buckets = args[1];
          if (buckets && !buckets.has('le')) problems.push('histogram_quantile over an expression without the label le: aggregate the buckets by (…, le)');
          return buckets ? minus(buckets, ['le']) : null;
        }
        if (n.name === 'label_replace' || n.name === 'label_join') {
          const target = n.args[1];
          return args[0] ? new Set([...args[0], ...(target?.kind === 'string' ? [target.value] : [])]) : null;
        }
        if (SCALAR_FUNCTIONS.includes(n.name)) return null;
        if (LABELLESS_FUNCTIONS.includes(n.name)) return new Set();
        return args.find((a) => a !== null) ?? null;
      }
      case 'aggregate': {
        if (n.param) visit(n.param);
        const input = visit(n.expr) ?? new Set<string>();
        const grouping = n.grouping;
        for (const label of grouping?.labels ?? []) {
          if (!input.has(label)) problems.push(`${n.op} ${grouping!.mode} (${label}): no series it aggregates has the label ${label}`);
        }
        if (['topk', 'bottomk', 'limitk', 'limit_ratio'].includes(n.op)) return input;
        const counted = n.op === 'count_values' && n.param?.kind === 'string' ? [n.param.value] : [];
        if (!grouping) return new Set(counted);
        return new Set([...(grouping.mode === 'by' ? grouping.labels : minus(input, grouping.labels)), ...counted]);
      }
      case 'binary': {
        const lhs = visit(n.lhs);
        const rhs = visit(n.rhs);
        if (lhs === null || rhs === null) return lhs ?? rhs;
        for (const label of n.matching?.labels ?? []) {
          if (!lhs.has(label) || !rhs.has(label)) problems.push(`${n.matching!.mode} (${label}): both sides of ${n.op} need the label ${label}`);
        }
        if (SET_OPERATORS.includes(n.op)) return n.op === 'or' ? new Set([...lhs].filter((l) => rhs.has(l))) : lhs;
        // As Prometheus names a result: one-to-one keeps the on labels (or drops the ignored ones);
        // group_left/right keeps the many side's labels and adds the included ones.
        if (n.group) return new Set([...(n.group.side === 'left' ? lhs : rhs), ...n.group.include]);
        if (n.matching?.mode === 'on') return new Set(n.matching.labels);
        return n.matching?.mode === 'ignoring' ? minus(lhs, n.matching.labels) : lhs;
      }
      case 'subquery':
        return visit(n.expr);
      case 'unary':
        return visit(n.expr, ranged);
    }
  };
  const labels = visit(node);
  return { labels, problems };
}

function checkMatchers(series: Series, matchers: Matcher[], problems: string[]): void {
  for (const matcher of matchers) {
    if (!series.labels.has(matcher.label)) {
      problems.push(`${series.name}{${matcher.label}${matcher.op}"${matcher.value}"}: ${series.name} has no label ${matcher.label} (it has ${[...series.labels].sort().join(', ')})`);
      continue;
    }
    const known = series.definition.labels[matcher.label];
    if (!known || known === 'any') continue;
    for (const value of namedValues(matcher) ?? []) {
      if (!known.includes(value)) problems.push(`${series.name}{${matcher.label}${matcher.op}"${matcher.value}"}: ${matcher.label} is never "${value}" (it is one of ${known.join(', ')})`);
    }
  }
}

/** rate and the like take a range of the right kind of series. */
function checkRangeArgument(call: Extract<Node, { kind: 'call' }>, at: number, problems: string[]): void {
  const arg = call.args[at];
  if (!arg || !((arg.kind === 'selector' && arg.range !== undefined) || arg.kind === 'subquery')) {
    problems.push(`${call.name} takes a range (x[5m] or a subquery) as argument ${at + 1}`);
    return;
  }
  const wanted = COUNTER_FUNCTIONS.includes(call.name) ? 'counter' : GAUGE_FUNCTIONS.includes(call.name) ? 'gauge' : undefined;
  if (!wanted) return;
  for (const selector of selectorsOf(arg)) {
    const series = seriesNamed(selector.metric);
    if (series && series.kind !== wanted) problems.push(`${call.name}(${selector.metric}…): ${selector.metric} is a ${series.kind}, and ${call.name} is for ${wanted}s`);
  }
}

export interface QueryCheck {
  /** What is wrong, each naming the part of the query; empty when it is sound. */
  problems: string[];
  /** The labels of its result (null for a scalar, or when it does not parse). */
  labels: Labels;
}

/** Parses `source` and checks it against the services' metrics. */
export function checkQuery(source: string): QueryCheck {
  let node: Node;
  try {
    node = parsePromQL(source);
  } catch (err) {
    if (err instanceof PromQLSyntaxError) return { problems: [`does not parse: ${err.message}`], labels: null };
    throw err;
  }
  return analyse(node);
}
