import type { IncomingMessage } from "node:http";
import type { Answer } from "./answer";
import type { Protocol, SimRequest } from "./request";
import type { FaultFrames } from "./sse";
import type { WireError } from "./wire-error";

/** Token usage of one simulated completion. `input` counts every input token, cached ones included. */
export interface SimUsage {
  input: number;
  cacheRead: number;
  cacheWrite: number;
  output: number;
}

/** What a response is rendered with besides the answer. */
export interface ResponseMeta {
  id: string;
  created: number;
  usage: SimUsage;
  includeUsage: boolean;
}

/** An error response in a protocol's own shape. */
export interface ErrorReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** One wire format (OpenAI Chat Completions, Anthropic Messages) as the shared chat flow sees it. */
export interface WireProtocol {
  name: Protocol;
  idPrefix: string;
  /** Input tokens beyond which the request is a context-length error. */
  contextWindow: number;
  /** Cached input is reported in steps of this many tokens. */
  cacheStep: number;
  /** An error reply when the request's credentials headers are missing or wrong. */
  auth(req: IncomingMessage): ErrorReply | undefined;
  invalidJson(): ErrorReply;
  error(e: WireError): ErrorReply;
  validate(body: unknown): WireError | undefined;
  /** Called only with a body `validate` accepted. */
  normalize(body: unknown): SimRequest;
  streamMode(body: unknown): { stream: boolean; includeUsage: boolean };
  statusError(status: number, retryAfterMs?: number): ErrorReply;
  contextError(req: SimRequest): ErrorReply;
  body(req: SimRequest, answer: Answer, meta: ResponseMeta): unknown;
  frames(req: SimRequest, answer: Answer, meta: ResponseMeta): string[];
  faultFrames: FaultFrames;
  headers(requestId: string): Record<string, string>;
}
