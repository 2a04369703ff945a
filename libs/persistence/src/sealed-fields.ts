/**
 * Every sealed value the database holds: its collection, its field, and the binding it is sealed for (the
 * associated data that makes it open only on its own record). Connection credentials are not here: they
 * come from the config files and the environment, never from the database.
 */
export interface SealedField {
  collection: string;
  field: string;
  binding(id: string): string;
}

/** A webhook subscription's `whsec_` secret. */
export const SUBSCRIPTION_SECRET: SealedField = { collection: 'subscriptions', field: 'sealedSecret', binding: (id) => `subscriptions/${id}/sealedSecret` };

export const SEALED_FIELDS: readonly SealedField[] = [SUBSCRIPTION_SECRET];

export const subscriptionSecretBinding = (subscriptionId: string): string => SUBSCRIPTION_SECRET.binding(subscriptionId);
