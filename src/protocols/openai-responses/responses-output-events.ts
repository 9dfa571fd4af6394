import { sseEvent } from "../shared/stream-translator";
import {
  type FunctionCallOut,
  functionItemId,
  type MessageItem,
  messageItemId,
  type OutputItem,
  type OutputRefusal,
  type OutputText,
} from "./response-object";

type PartKind = "output_text" | "refusal";

/** Thrown when the internal stream cannot be expressed as Responses events (the stream then fails). */
export class UntranslatableStream extends Error {}

/**
 * The output items of a streamed response and the events that build them, in OpenAI's order:
 * an item is added, its content part added, its deltas sent, then part and item are done before
 * the next item starts. Numbering (`sequence_number`) is shared with the lifecycle events.
 */
export class ResponsesOutputEvents {
  readonly items: OutputItem[] = [];
  private open: number | undefined;
  private part: { kind: PartKind; index: number } | undefined;
  private readonly toolItems = new Map<number, number>();
  private messages = 0;

  constructor(
    private readonly chatId: () => string,
    private readonly emit: (type: string, fields: Record<string, unknown>, out: string[]) => void,
  ) {}

  /** A piece of answer text (`kind` output_text) or refusal. */
  content(kind: PartKind, piece: string, out: string[]): void {
    if (piece === "") return;
    const index = this.messageItem(out);
    const item = this.items[index] as MessageItem;
    if (this.part?.kind !== kind) {
      this.closePart(out);
      const part: OutputText | OutputRefusal =
        kind === "output_text"
          ? { type: "output_text", text: "", annotations: [], logprobs: [] }
          : { type: "refusal", refusal: "" };
      item.content.push(part);
      this.part = { kind, index: item.content.length - 1 };
      this.emit(
        "response.content_part.added",
        { ...this.at(index), content_index: this.part.index, part: { ...part } },
        out,
      );
    }
    const part = item.content[this.part.index];
    if (part.type === "output_text") {
      part.text += piece;
      this.emit(
        "response.output_text.delta",
        { ...this.at(index), content_index: this.part.index, delta: piece, logprobs: [] },
        out,
      );
    } else {
      part.refusal += piece;
      this.emit("response.refusal.delta", { ...this.at(index), content_index: this.part.index, delta: piece }, out);
    }
  }

  /** A tool-call delta: the first one for an index adds the function_call item, later ones its arguments. */
  toolCall(
    index: number,
    id: string | null | undefined,
    name: string | null | undefined,
    args: string,
    out: string[],
  ): void {
    let at = this.toolItems.get(index);
    if (at === undefined) {
      if (!id || !name) throw new UntranslatableStream("a tool call started without an id or a name");
      this.closeOpen("completed", out);
      const item: FunctionCallOut = {
        id: functionItemId(this.chatId(), this.toolItems.size),
        type: "function_call",
        status: "in_progress",
        arguments: "",
        call_id: id,
        name,
      };
      at = this.add(item, out);
      this.toolItems.set(index, at);
    } else if (at !== this.open) {
      throw new UntranslatableStream("tool call deltas arrived interleaved");
    }
    if (args === "") return;
    (this.items[at] as FunctionCallOut).arguments += args;
    this.emit("response.function_call_arguments.delta", { ...this.at(at), delta: args }, out);
  }

  /** Ends the open item (and its part) with `status`. */
  closeOpen(status: "completed" | "incomplete", out: string[]): void {
    if (this.open === undefined) return;
    const index = this.open;
    const item = this.items[index];
    if (item.type === "message") this.closePart(out);
    else this.emit("response.function_call_arguments.done", { ...this.at(index), arguments: item.arguments }, out);
    item.status = status;
    this.emit("response.output_item.done", { output_index: index, item: structuredClone(item) }, out);
    this.open = undefined;
  }

  /** A response with no output at all still has one (empty) message, as a non-streamed one does. */
  ensureMessage(out: string[]): void {
    if (this.items.length > 0) return;
    this.messageItem(out);
    const item = this.items[0] as MessageItem;
    item.content.push({ type: "output_text", text: "", annotations: [], logprobs: [] });
    this.part = { kind: "output_text", index: 0 };
    this.emit("response.content_part.added", { ...this.at(0), content_index: 0, part: { ...item.content[0] } }, out);
  }

  /** Items still open when a stream fails are incomplete in the final object. */
  markOpenIncomplete(): void {
    if (this.open !== undefined) this.items[this.open].status = "incomplete";
  }

  private messageItem(out: string[]): number {
    if (this.open !== undefined && this.items[this.open].type === "message") return this.open;
    this.closeOpen("completed", out);
    const base = messageItemId(this.chatId());
    const id = this.messages++ === 0 ? base : `${base}_${this.items.length}`;
    return this.add({ id, type: "message", status: "in_progress", role: "assistant", content: [] }, out);
  }

  private add(item: OutputItem, out: string[]): number {
    this.items.push(item);
    const index = this.items.length - 1;
    this.open = index;
    this.emit("response.output_item.added", { output_index: index, item: structuredClone(item) }, out);
    return index;
  }

  private closePart(out: string[]): void {
    if (!this.part || this.open === undefined) return;
    const item = this.items[this.open] as MessageItem;
    const part = item.content[this.part.index];
    const at = { ...this.at(this.open), content_index: this.part.index };
    if (part.type === "output_text")
      this.emit("response.output_text.done", { ...at, text: part.text, logprobs: [] }, out);
    else this.emit("response.refusal.done", { ...at, refusal: part.refusal }, out);
    this.emit("response.content_part.done", { ...at, part: { ...part } }, out);
    this.part = undefined;
  }

  private at(index: number) {
    return { item_id: this.items[index].id, output_index: index };
  }
}

/** `event: <type>` + `data: {"type": <type>, "sequence_number": n, …}`. */
export function responsesEvent(type: string, sequence: number, fields: Record<string, unknown>): string {
  return sseEvent(type, { type, sequence_number: sequence, ...fields });
}
