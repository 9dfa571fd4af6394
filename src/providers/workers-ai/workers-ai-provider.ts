import type { ChatCompletionRequest } from "../../core/chat";
import { ProviderError } from "../../core/errors";
import { errorContext, type ErrorContext, invalidResponse } from "../shared/provider-errors";
import { pumpStream } from "../shared/stream-pump";
import type { AiBinding, CallOptions, ChatProvider, CompletionOutcome, ProviderTarget, StreamOutcome } from "../types";
import { buildWorkersAIInputs } from "./build-workers-ai-request";
import { toChatCompletion } from "./convert-workers-ai-response";
import { workersAIError } from "./workers-ai-error";
import { WorkersAIOutput } from "./workers-ai-schemas";
import { WorkersAIStreamTranslator } from "./workers-ai-stream-translator";

/**
 * The adapter for Cloudflare Workers AI, reached through the Worker's AI binding rather than a URL
 * (`target.binding`, resolved from the provider entry's `binding` name). The binding's result is
 * translated to OpenAI's chat.completion and chunk formats; the binding's errors map to
 * ProviderError kinds (workers-ai-error.ts) so that the dispatcher retries and fails over as for
 * any provider.
 * @example const outcome = await createWorkersAIProvider().complete(req, { ...target, binding: env.AI });
 */
export function createWorkersAIProvider(): ChatProvider {
  const run = async (req: ChatCompletionRequest, target: ProviderTarget, ctx: ErrorContext, stream: boolean) => {
    const binding = bindingOf(target, ctx);
    try {
      return await binding.run(target.upstreamModel, buildWorkersAIInputs(req, target, stream), { signal: ctx.signal });
    } catch (err) {
      throw workersAIError(err, ctx);
    }
  };

  return {
    kind: "workers-ai",

    async complete(
      req: ChatCompletionRequest,
      target: ProviderTarget,
      opts: CallOptions = {},
    ): Promise<CompletionOutcome> {
      const ctx = errorContext(target, opts.signal);
      const parsed = WorkersAIOutput.safeParse(await run(req, target, ctx, false));
      if (!parsed.success) throw invalidResponse(ctx, "the result is not a text-generation output");
      return toChatCompletion(parsed.data, target.modelId, completionId(), nowSeconds());
    },

    async stream(req: ChatCompletionRequest, target: ProviderTarget, opts: CallOptions = {}): Promise<StreamOutcome> {
      const ctx = errorContext(target, opts.signal);
      const body = await run(req, target, ctx, true);
      if (!(body instanceof ReadableStream)) throw invalidResponse(ctx, "stream: true did not return a stream");
      const meta = { id: completionId(), model: target.modelId, created: nowSeconds() };
      const translator = new WorkersAIStreamTranslator(ctx, req.stream_options?.include_usage === true, meta);
      return pumpStream(body as ReadableStream<Uint8Array>, translator, ctx);
    },
  };
}

function bindingOf(target: ProviderTarget, ctx: ErrorContext): AiBinding {
  if (!target.binding) throw new ProviderError(ctx.provider, "not_found", `${ctx.provider}: no AI binding was passed`);
  return target.binding;
}

const completionId = () => `chatcmpl-wai-${crypto.randomUUID()}`;
const nowSeconds = () => Math.floor(Date.now() / 1000);
