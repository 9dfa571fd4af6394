import * as z from "zod";

/**
 * The OpenAI Responses API request (`POST /v1/responses`), the stateless core the router
 * translates. Top-level parameters are strict (an unknown one is a 400, as on OpenAI); input items
 * and parts are lenient, because clients send earlier output items back with fields such as
 * `id`, `status` or `annotations`. Items are checked one by one (parse-responses-request.ts) so
 * that an error names the item, e.g. `input[3].call_id`.
 */

export const InputText = z.looseObject({ type: z.literal("input_text"), text: z.string() });
export const InputImage = z.looseObject({
  type: z.literal("input_image"),
  image_url: z.string().nullish(),
  file_id: z.string().nullish(),
  detail: z.enum(["auto", "low", "high"]).nullish(),
});
export const InputFile = z.looseObject({
  type: z.literal("input_file"),
  file_data: z.string().nullish(),
  file_id: z.string().nullish(),
  file_url: z.string().nullish(),
  filename: z.string().nullish(),
});
export const InputPart = z.discriminatedUnion("type", [InputText, InputImage, InputFile]);
export type InputPart = z.infer<typeof InputPart>;

export const OutputText = z.looseObject({
  type: z.literal("output_text"),
  text: z.string(),
  annotations: z.array(z.unknown()).nullish(),
});
export const Refusal = z.looseObject({ type: z.literal("refusal"), refusal: z.string() });
/** What an assistant message may hold: its own earlier output, or plain input text. */
export const AssistantPart = z.discriminatedUnion("type", [OutputText, Refusal, InputText]);
export type AssistantPart = z.infer<typeof AssistantPart>;

export const InputMessage = z.looseObject({
  type: z.literal("message").optional(),
  role: z.enum(["user", "system", "developer"]),
  content: z.union([z.string(), z.array(InputPart)]),
});
export type InputMessage = z.infer<typeof InputMessage>;

export const AssistantMessage = z.looseObject({
  type: z.literal("message").optional(),
  role: z.literal("assistant"),
  content: z.union([z.string(), z.array(AssistantPart)]),
});
export type AssistantMessage = z.infer<typeof AssistantMessage>;

export const FunctionCallItem = z.looseObject({
  type: z.literal("function_call"),
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
});
export type FunctionCallItem = z.infer<typeof FunctionCallItem>;

export const FunctionCallOutputItem = z.looseObject({
  type: z.literal("function_call_output"),
  call_id: z.string().min(1),
  output: z.union([z.string(), z.array(InputPart)]),
});
export type FunctionCallOutputItem = z.infer<typeof FunctionCallOutputItem>;

export type InputItem = InputMessage | AssistantMessage | FunctionCallItem | FunctionCallOutputItem;

export const FunctionToolDef = z.strictObject({
  type: z.literal("function"),
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, "Expected a string of up to 64 letters, digits, '_' or '-'."),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
});
export type FunctionToolDef = z.infer<typeof FunctionToolDef>;

export const ResponsesToolChoice = z.union([
  z.enum(["none", "auto", "required"]),
  z.strictObject({ type: z.literal("function"), name: z.string() }),
]);
export type ResponsesToolChoice = z.infer<typeof ResponsesToolChoice>;

export const TextFormat = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("text") }),
  z.strictObject({ type: z.literal("json_object") }),
  z.strictObject({
    type: z.literal("json_schema"),
    name: z.string().min(1),
    schema: z.record(z.string(), z.unknown()),
    description: z.string().nullish(),
    strict: z.boolean().nullish(),
  }),
]);
export type TextFormat = z.infer<typeof TextFormat>;

/** The request once checked: `input` is still raw here, items are parsed separately. */
export const ResponsesRequestShape = z.strictObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.unknown())]),
  instructions: z.string().nullish(),
  tools: z.array(z.unknown()).nullish(),
  tool_choice: z.unknown().optional(),
  text: z
    .strictObject({ format: TextFormat.nullish(), verbosity: z.enum(["low", "medium", "high"]).nullish() })
    .nullish(),
  max_output_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.strictObject({ include_obfuscation: z.boolean().nullish() }).nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  user: z.string().nullish(),
  safety_identifier: z.string().nullish(),
  prompt_cache_key: z.string().nullish(),
  service_tier: z.enum(["auto", "default", "flex", "scale", "priority"]).nullish(),
  reasoning: z
    .strictObject({
      effort: z.enum(["none", "minimal", "low", "medium", "high", "xhigh"]).nullish(),
      summary: z.unknown().optional(),
      generate_summary: z.unknown().optional(),
    })
    .nullish(),
  include: z.array(z.string()).nullish(),
  store: z.boolean().nullish(),
  truncation: z.enum(["auto", "disabled"]).nullish(),
  background: z.boolean().nullish(),
  previous_response_id: z.string().nullish(),
  conversation: z.unknown().optional(),
  prompt: z.unknown().optional(),
  top_logprobs: z.number().int().nullish(),
  max_tool_calls: z.number().int().nullish(),
});
export type ResponsesRequestShape = z.infer<typeof ResponsesRequestShape>;

/** A Responses request the router can serve: checked, items parsed, unsupported features refused. */
export type ResponsesRequest = Omit<ResponsesRequestShape, "input" | "tools" | "tool_choice"> & {
  input: string | InputItem[];
  tools?: FunctionToolDef[];
  tool_choice?: ResponsesToolChoice;
};
