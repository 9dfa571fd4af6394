import * as z from "zod";
import { ChatUsage } from "./chat-chunk";

/**
 * The router's non-streaming answer as the protocol translators read it: an OpenAI
 * `chat.completion` object (the adapters return one whatever the upstream spoke). Lenient.
 */
export const ChatCompletion = z.looseObject({
  id: z.string(),
  created: z.number(),
  model: z.string(),
  choices: z
    .array(
      z.looseObject({
        index: z.number().int().nullish(),
        message: z.looseObject({
          content: z.string().nullish(),
          refusal: z.string().nullish(),
          tool_calls: z
            .array(
              z.looseObject({
                id: z.string(),
                function: z.looseObject({ name: z.string(), arguments: z.string() }),
              }),
            )
            .nullish(),
          annotations: z.array(z.unknown()).nullish(),
        }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
  usage: ChatUsage.nullish(),
});
export type ChatCompletion = z.infer<typeof ChatCompletion>;

/** The id without the prefixes the protocols put on it (`chatcmpl-`, `resp_`, `msg_`). */
export function idBase(id: string): string {
  return id.replace(/^(chatcmpl-|resp_|msg_)/, "");
}
