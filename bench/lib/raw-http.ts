import { connect, type Socket } from "node:net";
import { performance } from "node:perf_hooks";

/** When each part of one response arrived, in ms since the request's first byte was written. */
export interface TimedResponse {
  status: number;
  headers: Record<string, string>;
  /** End of the response head (status line and headers). */
  headMs: number;
  /** First byte of the body. */
  firstBodyMs: number;
  /** Completion of each server-sent event ("\n\n"-terminated) in the body. */
  eventMs: number[];
  /** Socket reads that carried body bytes: one per event means no coalescing on the way. */
  bodyReads: number;
  totalMs: number;
  body: string;
}

/** Incremental `Transfer-Encoding: chunked` decoder (no trailers: none of our servers send them). */
class ChunkedDecoder {
  private buf = Buffer.alloc(0);
  /** Bytes left in the current chunk; -1 = reading a size line; -2 = expecting the chunk's CRLF. */
  private remaining = -1;
  done = false;

  push(data: Buffer): Buffer[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, data]) : data;
    const out: Buffer[] = [];
    for (;;) {
      if (this.remaining === -1) {
        const eol = this.buf.indexOf("\r\n");
        if (eol < 0) return out;
        const size = parseInt(this.buf.subarray(0, eol).toString("latin1"), 16);
        this.buf = this.buf.subarray(eol + 2);
        if (size === 0) {
          this.done = true;
          return out;
        }
        this.remaining = size;
      } else if (this.remaining === -2) {
        if (this.buf.length < 2) return out;
        this.buf = this.buf.subarray(2);
        this.remaining = -1;
      } else {
        if (this.buf.length === 0) return out;
        const n = Math.min(this.remaining, this.buf.length);
        out.push(this.buf.subarray(0, n));
        this.buf = this.buf.subarray(n);
        this.remaining -= n;
        if (this.remaining === 0) this.remaining = -2;
      }
    }
  }
}

/**
 * A small HTTP/1.1 client over one kept-alive TCP connection that timestamps what autocannon does
 * not: the response head, the first body byte and every server-sent event, as they come off the
 * socket (no client-side buffering in between).
 * @example const c = new RawHttpClient("http://127.0.0.1:8787"); const r = await c.post("/v1/chat/completions", headers, body)
 */
export class RawHttpClient {
  private socket?: Socket;
  private readonly host: string;
  private readonly port: number;

  constructor(baseUrl: string) {
    const u = new URL(baseUrl);
    this.host = u.hostname;
    this.port = Number(u.port || 80);
  }

  private async connected(): Promise<Socket> {
    if (this.socket && !this.socket.destroyed) return this.socket;
    const socket = connect({ host: this.host, port: this.port, noDelay: true });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    this.socket = socket;
    return socket;
  }

  /** POSTs a body and resolves when the whole response is in. */
  async post(path: string, headers: Record<string, string>, body: string, timeoutMs = 30_000): Promise<TimedResponse> {
    const socket = await this.connected();
    const payload = Buffer.from(body);
    const head = [
      `POST ${path} HTTP/1.1`,
      `Host: ${this.host}:${this.port}`,
      `Content-Length: ${payload.length}`,
      "Connection: keep-alive",
    ];
    for (const [k, v] of Object.entries(headers)) head.push(`${k}: ${v}`);
    return new Promise<TimedResponse>((resolve, reject) => {
      const t0 = performance.now();
      const state = new ResponseReader(t0);
      const timer = setTimeout(() => fail(new Error(`no complete response within ${timeoutMs} ms`)), timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        socket.off("data", onData);
        socket.off("error", fail);
        socket.off("close", onClose);
      };
      const fail = (err: Error) => {
        cleanup();
        socket.destroy();
        reject(err);
      };
      const onClose = () => fail(new Error("connection closed before the response ended"));
      const onData = (data: Buffer) => {
        try {
          if (!state.feed(data)) return;
        } catch (err) {
          return fail(err as Error);
        }
        cleanup();
        if (state.headers.connection?.toLowerCase() === "close") socket.destroy();
        resolve(state.result());
      };
      socket.on("data", onData);
      socket.once("error", fail);
      socket.once("close", onClose);
      socket.write(`${head.join("\r\n")}\r\n\r\n`);
      socket.write(payload);
    });
  }

  close(): void {
    this.socket?.destroy();
  }
}

/** Parses one response off the socket and keeps its timings. */
class ResponseReader {
  headers: Record<string, string> = {};
  private status = 0;
  private headBuf = Buffer.alloc(0);
  private headMs = NaN;
  private firstBodyMs = NaN;
  private readonly eventMs: number[] = [];
  private bodyReads = 0;
  private body = "";
  private readonly decoder = new TextDecoder();
  private scanFrom = 0;
  private chunked?: ChunkedDecoder;
  private contentLength = -1;
  private received = 0;
  private totalMs = NaN;

  constructor(private readonly t0: number) {}

  /** Takes a socket read; true once the response is complete. */
  feed(data: Buffer): boolean {
    const now = performance.now() - this.t0;
    if (Number.isNaN(this.headMs)) {
      this.headBuf = Buffer.concat([this.headBuf, data]);
      const end = this.headBuf.indexOf("\r\n\r\n");
      if (end < 0) return false;
      this.parseHead(this.headBuf.subarray(0, end).toString("latin1"));
      this.headMs = now;
      data = this.headBuf.subarray(end + 4);
      if (data.length === 0) return this.complete(now);
    }
    const pieces = this.chunked ? this.chunked.push(data) : [data];
    const bytes = pieces.reduce((n, p) => n + p.length, 0);
    if (bytes > 0) {
      if (Number.isNaN(this.firstBodyMs)) this.firstBodyMs = now;
      this.bodyReads++;
      this.received += bytes;
      for (const p of pieces) this.body += this.decoder.decode(p, { stream: true });
      for (let i = this.body.indexOf("\n\n", this.scanFrom); i >= 0; i = this.body.indexOf("\n\n", this.scanFrom)) {
        this.eventMs.push(now);
        this.scanFrom = i + 2;
      }
    }
    return this.complete(now);
  }

  private parseHead(text: string): void {
    const [statusLine, ...lines] = text.split("\r\n");
    this.status = Number(statusLine.split(" ")[1]);
    for (const line of lines) {
      const colon = line.indexOf(":");
      if (colon > 0) this.headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    if (this.headers["transfer-encoding"]?.toLowerCase().includes("chunked")) this.chunked = new ChunkedDecoder();
    else this.contentLength = Number(this.headers["content-length"] ?? 0);
  }

  private complete(now: number): boolean {
    const done = this.chunked ? this.chunked.done : this.received >= this.contentLength;
    if (done) this.totalMs = now;
    return done;
  }

  result(): TimedResponse {
    return {
      status: this.status,
      headers: this.headers,
      headMs: this.headMs,
      firstBodyMs: Number.isNaN(this.firstBodyMs) ? this.totalMs : this.firstBodyMs,
      eventMs: this.eventMs,
      bodyReads: this.bodyReads,
      totalMs: this.totalMs,
      body: this.body,
    };
  }
}
