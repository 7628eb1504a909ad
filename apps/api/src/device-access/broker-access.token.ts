/** Injection token of the embedded broker's BrokerAccess, or null with an external broker. */
export const BROKER_ACCESS = Symbol('BROKER_ACCESS');
