import { moneyFromDecimal } from '../money';
import type { Order, OrderStatus, PaymentSetup, Ticket, TicketPage, User } from './types';
import type { WireOrder, WirePaymentConfig, WireTicket, WireTicketPage, WireUser } from './wire';

export const reshapeUser = (user: WireUser): User => ({ id: user.id, email: user.email });

export const reshapeTicket = (ticket: WireTicket): Ticket => ({
  id: ticket.id,
  title: ticket.title,
  price: moneyFromDecimal(ticket.price),
  sellerId: ticket.userId,
  status: ticket.status,
  orderId: ticket.orderId,
  listedAt: new Date(ticket.createdAt),
  quote: ticket.fee === undefined || ticket.total === undefined ? null : { fee: moneyFromDecimal(ticket.fee), total: moneyFromDecimal(ticket.total) },
});

export const reshapeTicketPage = (page: WireTicketPage): TicketPage => ({
  tickets: page.tickets.map(reshapeTicket),
  nextCursor: page.nextCursor,
});

function orderStatus({ status, cancelRequested }: WireOrder): OrderStatus {
  switch (status) {
    case 'created':
      return cancelRequested ? 'cancelling' : 'awaiting-payment';
    case 'complete':
      return 'complete';
    case 'cancelled':
      return 'cancelled';
    default: {
      const unknown: never = status;
      throw new Error(`Unknown order status: ${String(unknown)}`);
    }
  }
}

export const reshapeOrder = (order: WireOrder): Order => ({
  id: order.id,
  status: orderStatus(order),
  price: moneyFromDecimal(order.price),
  fee: moneyFromDecimal(order.fee),
  total: moneyFromDecimal(order.total),
  expiresAt: new Date(order.expiresAt),
  placedAt: new Date(order.createdAt),
  ticket: { id: order.ticket.id, title: order.ticket.title },
});

export function reshapePaymentSetup(config: WirePaymentConfig): PaymentSetup {
  if (config.mode === 'sandbox') return { mode: 'sandbox' };
  // Stripe without a publishable key cannot collect a card in the browser.
  return config.publishableKey ? { mode: 'stripe', publishableKey: config.publishableKey } : { mode: 'unavailable' };
}
