// POST /v1/payment_intents (https://docs.stripe.com/api/payment_intents/create), with `confirm=true` to create and
// charge in one call, as payments does.
import { z } from 'zod';
import { findCurrency, formatAmount, supportedCurrencies } from '../currencies';
import { newPaymentIntent, type PaymentIntent } from '../objects/payment-intent';
import type { Operation } from '../operation';
import { assertConfirmable, confirmPaymentIntent, requireReturnUrlIfRedirectable } from '../operations/confirm';
import { resolvePaymentMethod } from '../operations/resolve-payment-method';
import { booleanParam, integerParam, metadataParam, nonEmptyStringParam, unsupportedExpand } from '../params/fields';
import { parseParams } from '../params/parse-params';

// The API version from which a PaymentIntent without payment_method_types has automatic payment methods on.
const AUTOMATIC_BY_DEFAULT_SINCE = '2023-08-16';

const cardOnly = z.array(
  z.literal('card', { error: 'The local Stripe fake supports only the payment method type `card`.' }),
);

const CreatePaymentIntentParams = z
  .strictObject({
    amount: integerParam,
    currency: nonEmptyStringParam.transform((value) => value.toLowerCase()),
    payment_method: nonEmptyStringParam.optional(),
    confirm: booleanParam.optional(),
    metadata: metadataParam.optional(),
    description: z.string().optional(),
    receipt_email: z.string().optional(),
    return_url: nonEmptyStringParam.optional(),
    // Set when the server confirms and Stripe.js handles the next action (https://docs.stripe.com/api/payment_intents/create#create_payment_intent-use_stripe_sdk).
    use_stripe_sdk: booleanParam.optional(),
    capture_method: z
      .enum(['automatic', 'automatic_async'], {
        error:
          'The local Stripe fake implements only capture_method automatic and automatic_async (no manual capture).',
      })
      .optional(),
    automatic_payment_methods: z
      .strictObject({ enabled: booleanParam, allow_redirects: z.enum(['always', 'never']).optional() })
      .optional(),
    // Newer API versions (the SDK's since 2026-10-28) name the list `allowed_payment_method_types`; older ones
    // `payment_method_types`. Either limits the intent to cards, the one type the fake has.
    payment_method_types: cardOnly.optional(),
    allowed_payment_method_types: cardOnly.optional(),
    // Separate charges and transfers: the transfers made from this payment name the same group.
    transfer_group: z.string().optional(),
    expand: unsupportedExpand.optional(),
  })
  .check((context) => {
    const { amount, currency, confirm, return_url } = context.value;
    const issue = (path: string, message: string, stripeCode?: string): void => {
      context.issues.push({ code: 'custom', input: context.value, path: [path], message, params: { stripeCode } });
    };
    const known = findCurrency(currency);
    if (known === undefined) {
      issue(
        'currency',
        `Invalid currency: ${currency}. The local Stripe fake supports these currencies: ${supportedCurrencies.join(', ')}.`,
      );
    } else if (amount < known.minimum) {
      issue(
        'amount',
        `Amount must be at least ${formatAmount(currency, known.minimum)} ${currency}`,
        'amount_too_small',
      );
    } else if (amount > known.maximum) {
      issue(
        'amount',
        `Amount must be no more than ${formatAmount(currency, known.maximum)} ${currency}`,
        'amount_too_large',
      );
    }
    if (return_url !== undefined && confirm !== true) {
      issue('return_url', 'The parameter `return_url` can only be passed when `confirm` is `true`.');
    }
    const lists = (
      ['automatic_payment_methods', 'payment_method_types', 'allowed_payment_method_types'] as const
    ).filter((name) => context.value[name] !== undefined);
    if (lists.length > 1) issue(lists[0] ?? '', `You may only specify one of these parameters: ${lists.join(', ')}.`);
  });

type CreateParams = z.output<typeof CreatePaymentIntentParams>;

function automaticPaymentMethods(
  params: CreateParams,
  stripeVersion: string,
): PaymentIntent['automatic_payment_methods'] {
  if (params.automatic_payment_methods !== undefined) {
    const { enabled, allow_redirects } = params.automatic_payment_methods;
    return { enabled, ...(allow_redirects !== undefined && { allow_redirects }) };
  }
  if (params.payment_method_types !== undefined || params.allowed_payment_method_types !== undefined) return null;
  return stripeVersion >= AUTOMATIC_BY_DEFAULT_SINCE ? { enabled: true } : null;
}

export const createPaymentIntent: Operation = ({ state, now, params: raw, stripeVersion, origin, request }) => {
  const params = parseParams(CreatePaymentIntentParams, raw);
  const automatic = automaticPaymentMethods(params, stripeVersion);
  // Everything that can refuse the request is checked before the intent exists: a refused create creates nothing.
  if (params.confirm === true) requireReturnUrlIfRedirectable(automatic, params.return_url);
  const paymentMethod =
    params.payment_method === undefined ? undefined : resolvePaymentMethod(state, params.payment_method, now);

  const intent = newPaymentIntent(
    {
      amount: params.amount,
      currency: params.currency,
      metadata: params.metadata ?? {},
      description: params.description || null,
      receiptEmail: params.receipt_email || null,
      captureMethod: params.capture_method ?? 'automatic_async',
      automaticPaymentMethods: automatic,
      paymentMethodTypes: ['card'],
      allowedPaymentMethodTypes: params.allowed_payment_method_types ?? null,
      paymentMethod: paymentMethod?.json.id ?? null,
      transferGroup: params.transfer_group || null,
    },
    now,
  );
  if (params.confirm === true) assertConfirmable(intent, paymentMethod?.json.id);
  state.paymentIntents.set(intent.id, intent);
  // A decline throws the 402 here, after the intent was stored: on Stripe, too, a declined create leaves the intent.
  if (params.confirm === true && paymentMethod !== undefined) {
    confirmPaymentIntent(state, intent, paymentMethod, now, {
      origin,
      useStripeSdk: params.use_stripe_sdk === true,
      returnUrl: params.return_url,
      request,
    });
  }
  return { status: 200, body: intent };
};
