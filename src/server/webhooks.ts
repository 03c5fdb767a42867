/**
 * The outbound side of webhooks: signing and sending a delivery, and the key that seals webhook
 * secrets at rest.
 *
 * THE SIGNATURE. Each delivery is a JSON POST with
 *   X-Intermestic-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the secret>
 * and X-Intermestic-Delivery: the payload's idempotency id. A receiver recomputes the HMAC over the
 * raw bytes it received, compares in constant time, and refuses a `t` too far from its own clock
 * (README, "Alerts and webhooks", has a receiver).
 *
 * THE KEY. Secrets are stored sealed with AES-256-GCM under a 32-byte key that the database does not
 * hold: INTERMESTIC_SECRET_KEY (64 hex digits), else a key file (default `<database file>.key`),
 * created on first use with mode 0600. Without the key the stored secrets cannot be read back.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { SecretBox, WebhookSender } from '../app/ports.ts';

export const SIGNATURE_HEADER = 'X-Intermestic-Signature';
export const DELIVERY_HEADER = 'X-Intermestic-Delivery';

/** The signature header's value for a body sent at `t` (unix seconds). */
export function signature(secret: string, t: number, body: string): string {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

/** Sends with fetch; a status is any HTTP answer, a network error or the timeout rejects. */
export const webhookSender: WebhookSender = {
  async send(url, secret, body, unixSeconds, timeoutMs) {
    const id = (() => {
      try {
        return String((JSON.parse(body) as { id?: unknown }).id ?? '');
      } catch {
        return '';
      }
    })();
    const res = await fetch(url, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'intermestic-webhooks',
        [SIGNATURE_HEADER]: signature(secret, unixSeconds, body),
        ...(id === '' ? {} : { [DELIVERY_HEADER]: id }),
      },
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
    // Read (and drop) the body so the connection is released.
    await res.arrayBuffer().catch(() => undefined);
    return res.status;
  },
};

/** A SecretBox under a key from the environment or a key file (created when first needed). */
export function secretBox(options: { keyHex?: string; keyFile: string }): SecretBox {
  let key: Buffer | null = null;
  const load = (create: boolean): Buffer => {
    if (key !== null) return key;
    if (options.keyHex !== undefined && options.keyHex !== '') {
      if (!/^[0-9a-fA-F]{64}$/.test(options.keyHex)) throw new Error('INTERMESTIC_SECRET_KEY must be 64 hexadecimal digits (32 bytes)');
      return (key = Buffer.from(options.keyHex, 'hex'));
    }
    if (existsSync(options.keyFile)) {
      const hex = readFileSync(options.keyFile, 'utf8').trim();
      if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error(`the key file ${options.keyFile} does not hold a 32-byte hexadecimal key`);
      return (key = Buffer.from(hex, 'hex'));
    }
    if (!create) throw new Error(`no key to open webhook secrets: set INTERMESTIC_SECRET_KEY or restore the key file ${options.keyFile}`);
    const fresh = randomBytes(32);
    writeFileSync(options.keyFile, `${fresh.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(options.keyFile, 0o600);
    return (key = fresh);
  };
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', load(true), iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `v1:${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${data.toString('base64')}`;
    },
    open(sealed) {
      const [v, iv, tag, data] = sealed.split(':');
      if (v !== 'v1' || iv === undefined || tag === undefined || data === undefined) throw new Error('not a sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', load(false), Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
    },
  };
}
