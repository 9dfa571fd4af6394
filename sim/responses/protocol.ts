import { openaiProtocol } from "../openai/protocol";
import type { WireProtocol } from "../protocol";
import { sseFrame } from "../sse";
import { normalizeResponses } from "./normalize";
import { responseBody, responseFrames } from "./render";
import { validateResponsesBody } from "./validate";

/**
 * The OpenAI Responses API wire format (`POST /v1/responses`, stateless: nothing is stored, so
 * `previous_response_id` and item references are "not found"). Auth, error shapes, status and
 * context-length errors are OpenAI's, shared with Chat Completions.
 */
export const responsesProtocol: WireProtocol = {
  ...openaiProtocol,
  name: "responses",
  idPrefix: "resp_",
  validate: validateResponsesBody,
  normalize: (body) => normalizeResponses(body as Parameters<typeof normalizeResponses>[0]),
  streamMode: (body) => ({ stream: (body as { stream?: boolean }).stream === true, includeUsage: true }),
  body: responseBody,
  frames: responseFrames,
  faultFrames: {
    malformed: 'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","sequence_number":\n\n',
    error: sseFrame(
      JSON.stringify({
        type: "error",
        sequence_number: 0,
        code: "server_error",
        message: "The server had an error while processing your request. Sorry about that!",
        param: null,
      }),
      "error",
    ),
  },
};
