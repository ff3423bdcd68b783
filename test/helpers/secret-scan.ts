/**
 * Looks for credential values in what the service let out: response bodies and headers, log
 * lines, audit records, metrics. A suite registers every secret it hands the service (API keys,
 * vendor tokens, client secrets, refresh tokens, private keys, tokens and session tokens the
 * fake's token and sign-in endpoints issued, and derived forms such as a Basic header's base64
 * or the lines of a PEM), passes each text it receives through `check`
 * as it arrives (so nothing has to be kept in memory), and asserts `hits` is empty at the end.
 */
export class SecretScan {
  private readonly secrets = new Map<string, string>();
  /** Where a secret was found: `source: label` (the secret itself is never printed). */
  readonly hits: string[] = [];
  texts = 0;
  bytes = 0;

  /** A secret value and a label to report it by; its URL-encoded form is looked for too. */
  add(label: string, value: string): this {
    if (value.length < 6) throw new Error(`secret ${label} is too short to scan for reliably`);
    this.secrets.set(value, label);
    const encoded = encodeURIComponent(value);
    if (encoded !== value) this.secrets.set(encoded, `${label} (url-encoded)`);
    return this;
  }

  /** The base64 of `user:password`, as a Basic Authorization header carries it. */
  addBasic(label: string, user: string, password: string): this {
    return this.add(`${label} (basic)`, Buffer.from(`${user}:${password}`).toString('base64'));
  }

  /**
   * A PEM private key and the forms a leak would take: the PEM itself, JSON-escaped (`\n`), its
   * base64 body on one line, and each line of the body (a partial leak).
   */
  addPrivateKey(label: string, given: string): this {
    this.add(label, given);
    // Pasted from a JSON key file, the line breaks may be a literal `\n`.
    const pem = given.includes('\n') ? given : given.replace(/\\n/g, '\n');
    this.add(`${label} (pem)`, pem);
    this.add(`${label} (json-escaped)`, JSON.stringify(pem).slice(1, -1));
    const lines = pem.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('-----'));
    this.add(`${label} (base64 body)`, lines.join(''));
    lines.forEach((line, i) => {
      if (line.length >= 16) this.add(`${label} (line ${i + 1})`, line);
    });
    return this;
  }

  get size(): number {
    return this.secrets.size;
  }

  check(source: string, text: string | undefined | null): void {
    if (!text) return;
    this.texts++;
    this.bytes += text.length;
    for (const [secret, label] of this.secrets) {
      if (text.includes(secret)) this.hits.push(`${source}: ${label}`);
    }
  }

  /** Response headers and body, as one text each. */
  async checkResponse(source: string, res: Response): Promise<string> {
    const text = await res.text();
    this.check(`${source} headers`, JSON.stringify([...res.headers]));
    this.check(`${source} body`, text);
    return text;
  }
}
