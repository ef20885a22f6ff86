'use client';

import type { PaymentSetup } from '@/lib/api/types';
import type { Money } from '@/lib/money';
import { FormAlert } from '../ui/form-alert';
import type { OnSettling } from './outcome';
import { SandboxPaymentForm } from './sandbox-payment-form';
import { StripePaymentForm } from './stripe-payment-form';

interface PaymentPanelProps {
  orderId: string;
  amount: Money;
  setup: PaymentSetup;
  onSettling: OnSettling;
}

export function PaymentPanel({ orderId, amount, setup, onSettling }: PaymentPanelProps) {
  switch (setup.mode) {
    case 'stripe':
      return <StripePaymentForm publishableKey={setup.publishableKey} orderId={orderId} amount={amount} onSettling={onSettling} />;
    case 'sandbox':
      return <SandboxPaymentForm orderId={orderId} amount={amount} onSettling={onSettling} />;
    case 'unavailable':
      return (
        <FormAlert
          tone="info"
          message="Payments are unavailable right now. Your ticket stays held for you until the time runs out: reload this page in a moment to pay."
        />
      );
  }
}
