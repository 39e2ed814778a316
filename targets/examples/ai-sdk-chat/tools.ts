/**
 * The shop assistant's three tools as AI SDK `tool()`s: the SDK validates their input against the
 * zod schema and runs `execute`; a throw becomes the SDK's tool error (a `tool-output-error`
 * chunk). Outputs are objects, as real tools return: the UI shows them as compact JSON.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { tool } from 'ai';
import { z } from 'zod';

export interface Stock {
  product: string;
  inStock: number;
  price: number;
}

const STOCK: Record<string, Omit<Stock, 'product'>> = {
  kettle: { inStock: 12, price: 39.9 },
  toaster: { inStock: 0, price: 24.5 },
  blender: { inStock: 3, price: 89 },
};

/** What the shop has of `product`: the catalogue's own, any other's from its name (always the same for one name). */
export function stockOf(product: string): Stock {
  const known = STOCK[product.toLowerCase()];
  if (known) return { product, ...known };
  let seed = 7;
  for (let at = 0; at < product.length; at += 1) seed = (seed * 31 + product.charCodeAt(at)) % 9973;
  return { product, inStock: seed % 20, price: 5 + (seed % 95) };
}

export interface OrderStatus {
  order: string;
  status: string;
  arrives: string | null;
}

const ORDERS: Record<string, OrderStatus> = {
  'A-1001': { order: 'A-1001', status: 'shipped', arrives: '2026-12-09' },
  'A-1002': { order: 'A-1002', status: 'packing', arrives: '2026-12-12' },
  'B-2040': { order: 'B-2040', status: 'delivered', arrives: null },
  'B-2041': { order: 'B-2041', status: 'returned', arrives: null },
};

export function trackOrder(order: string): OrderStatus {
  const found = ORDERS[order.toUpperCase()];
  if (!found) throw new Error(`No order ${order} on this account`);
  return found;
}

/** How long `compare_prices` searches: a slow tool, long enough for a user to stop the answer while it runs. */
export const COMPARING_MS = 4000;

export const tools = {
  check_stock: tool({
    description: 'How many of a product the shop has, and its price.',
    inputSchema: z.object({ product: z.string().min(1) }),
    execute: ({ product }) => stockOf(product),
  }),
  track_order: tool({
    description: 'Where an order of the signed-in customer is.',
    inputSchema: z.object({ order: z.string().min(1) }),
    execute: ({ order }) => trackOrder(order),
  }),
  compare_prices: tool({
    description: "Compares the shop's price of a product with other shops' (slow).",
    inputSchema: z.object({ product: z.string().min(1) }),
    // The SDK aborts the tool with the request: a stopped answer stops its search too.
    execute: async ({ product }, { abortSignal }) => {
      await sleep(COMPARING_MS, undefined, { signal: abortSignal });
      const ours = stockOf(product).price;
      return { product, ours, elsewhere: Math.round(ours * 112) / 100 };
    },
  }),
};

export type ToolName = keyof typeof tools;
