// Stripe's Account object for a Connect Express account (https://docs.stripe.com/api/accounts/object), with the
// fields a platform reads to know whether it can pay the seller: `payouts_enabled`, `details_submitted`,
// `capabilities` and `requirements`. An account is created unverified; the fake's hosted onboarding page
// (routes/connect-onboarding.ts) is the one way to complete it, as Stripe's hosted onboarding is.
import { newId } from '../ids';

/** Stripe's capability states (https://docs.stripe.com/api/accounts/object#account_object-capabilities). */
export type CapabilityStatus = 'inactive' | 'pending' | 'active';

export type CapabilityName = 'transfers' | 'card_payments';

// What Stripe asks of a US Express account before it can be paid: the fields its onboarding collects.
const ONBOARDING_REQUIREMENTS = [
  'business_type',
  'external_account',
  'individual.dob.day',
  'individual.first_name',
  'individual.last_name',
  'tos_acceptance.date',
  'tos_acceptance.ip',
];

export interface Requirements {
  alternatives: [];
  current_deadline: null;
  currently_due: string[];
  disabled_reason: 'requirements.past_due' | null;
  errors: [];
  eventually_due: string[];
  past_due: string[];
  pending_verification: [];
}

export interface Account {
  id: string;
  object: 'account';
  capabilities: Partial<Record<CapabilityName, CapabilityStatus>>;
  charges_enabled: boolean;
  country: string;
  created: number;
  default_currency: string;
  details_submitted: boolean;
  email: string | null;
  metadata: Record<string, string>;
  payouts_enabled: boolean;
  requirements: Requirements;
  type: 'express';
}

export interface NewAccount {
  country: string;
  email: string | null;
  metadata: Record<string, string>;
  capabilities: CapabilityName[];
}

function requirements(due: string[]): Requirements {
  return {
    alternatives: [],
    current_deadline: null,
    currently_due: due,
    disabled_reason: due.length > 0 ? 'requirements.past_due' : null,
    errors: [],
    eventually_due: due,
    past_due: due,
    pending_verification: [],
  };
}

export function newAccount(fields: NewAccount, now: number): Account {
  return {
    id: newId('acct', 16),
    object: 'account',
    capabilities: Object.fromEntries(fields.capabilities.map((name) => [name, 'inactive' as const])),
    charges_enabled: false,
    country: fields.country,
    created: now,
    default_currency: 'usd',
    details_submitted: false,
    email: fields.email,
    metadata: fields.metadata,
    payouts_enabled: false,
    requirements: requirements(ONBOARDING_REQUIREMENTS),
    type: 'express',
  };
}

/**
 * What completing onboarding does: every requested capability becomes active, nothing is due any more, payouts
 * (and charges, if card_payments was requested) are enabled.
 */
export function completeOnboarding(account: Account): void {
  for (const name of Object.keys(account.capabilities) as CapabilityName[]) account.capabilities[name] = 'active';
  Object.assign(account, {
    charges_enabled: account.capabilities.card_payments === 'active',
    details_submitted: true,
    payouts_enabled: true,
    requirements: requirements([]),
  } satisfies Partial<Account>);
}
