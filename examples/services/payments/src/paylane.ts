// Thin wrapper around the Paylane SDK; v2 was switched off by CHG-2026-0043.
import { Paylane } from '@paylane/sdk';

export const paylane = new Paylane({ apiKey: process.env.PAYLANE_API_KEY ?? '', apiVersion: '2026-10-01' });
