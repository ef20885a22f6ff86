import type { NoticeRow } from '../db/schema';
import { renderNotice } from './notice';
import type { NoticeKind } from './vocabulary';

/** What the e-mail's button says: what the recipient does at its link. */
const ACTIONS: Record<NoticeKind, string> = {
  'order-held': 'Pay for your order',
  'order-paid': 'Open My tickets',
  'ticket-sold': 'See your payouts',
  'order-expired': 'See the order',
  'order-cancelled': 'See the order',
  'payout-sent': 'See your payouts',
};

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** A notice as an e-mail: its words, and a link to the web app at `publicUrl`, as text and as HTML. */
export function renderEmail(notice: Pick<NoticeRow, 'kind' | 'facts'>, publicUrl: string): RenderedEmail {
  const { title, body, link } = renderNotice(notice.kind, notice.facts);
  const url = new URL(link, publicUrl).toString();
  const action = ACTIONS[notice.kind];
  const footer = 'You receive this e-mail because you have an account with Ticketing. Your notices are also in the app.';
  const text = [title, '', body, '', `${action}: ${url}`, '', '--', footer, ''].join('\n');
  const html = `<!doctype html>
<html lang="en">
  <body style="margin:0;padding:24px;background:#f5f5f4;font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#1c1917">
    <div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px">
      <h1 style="font-size:20px;margin:0 0 12px">${escapeHtml(title)}</h1>
      <p style="font-size:16px;line-height:1.5;margin:0 0 20px">${escapeHtml(body)}</p>
      <p style="margin:0 0 24px"><a href="${escapeHtml(url)}" style="display:inline-block;background:#1d4ed8;color:#ffffff;text-decoration:none;padding:10px 16px;border-radius:6px">${escapeHtml(action)}</a></p>
      <p style="font-size:13px;color:#57534e;margin:0">${escapeHtml(footer)}</p>
    </div>
  </body>
</html>
`;
  return { subject: title, text, html };
}
