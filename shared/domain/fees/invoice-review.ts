// The review of a month's invoices before approval: the delivery channels an invoice can go by, and what counts
// as a big change to the client's previous month (a county's rule of thumb for a second look, not law:
// more than 100 € or more than half up or down).
export const INVOICE_CHANNELS = ['einvoice', 'suomifi', 'suomifi_paper', 'print', 'manual'] as const;
export type InvoiceChannel = (typeof INVOICE_CHANNELS)[number];

export const BIG_CHANGE = { cents: 10_000, percent: 50 } as const;
