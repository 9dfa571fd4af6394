/** The live eval's work loop: answers, then judge grades, bounded concurrency, append-only results. */
import { appendFile, readFile } from "node:fs/promises";
import { SingleBar, Presets } from "cli-progress";
import pLimit from "p-limit";
import type { ChatCompletionRequest } from "../../src/core/chat";
import type { EvalExample, ScorerName } from "../../eval/dataset";
import {
  answerKey,
  gradeKey,
  indexResults,
  ResultRecord,
  type AnswerRecord,
  type GradeRecord,
  type ResultIndex,
} from "../../eval/eval-records";
import { parseJsonl } from "../../eval/dataset";
import {
  gradeToQuality,
  pairwiseJudgeRequest,
  parseJudgeReply,
  referenceJudgeRequest,
  scorerFor,
} from "../../eval/scorers";
import { stableHash32 } from "../../src/rules/split";
import type { Caller } from "./eval-call";

export interface RunPlan {
  examples: EvalExample[];
  premium: string;
  candidates: string[];
  judge?: { model: string; jsonSchema: boolean };
  scorers?: Record<string, ScorerName>;
  concurrency: number;
  resultsFile: string;
  progress?: boolean;
}

export interface RunStats {
  answers: { done: number; skipped: number; failed: number };
  grades: { done: number; skipped: number; failed: number };
}

/** Reads a results file back (missing file: nothing done yet). */
export async function loadResults(file: string): Promise<ResultIndex> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return indexResults([]);
    throw e;
  }
  const { rows, errors } = parseJsonl(text, ResultRecord);
  if (errors.length) console.error(`${file}: ${errors.length} unreadable line(s) skipped (an interrupted write?)`);
  return indexResults(rows);
}

/** Appends records one line at a time, in order, so an interruption loses at most the line in flight. */
function appender(file: string) {
  let chain = Promise.resolve();
  return (record: AnswerRecord | GradeRecord) => {
    chain = chain.then(() => appendFile(file, `${JSON.stringify(record)}\n`));
    return chain;
  };
}

function requestFor(e: EvalExample): ChatCompletionRequest {
  const req: ChatCompletionRequest = { model: "", messages: e.messages };
  if (e.response_format) req.response_format = e.response_format;
  else if (e.json_schema)
    req.response_format = { type: "json_schema", json_schema: { name: "answer", schema: e.json_schema } };
  if (e.max_tokens) req.max_tokens = e.max_tokens;
  return req;
}

type Task = () => Promise<"done" | "failed">;

async function runTasks(tasks: Task[], phase: string, concurrency: number, progress: boolean) {
  const limit = pLimit(concurrency);
  const bar = progress
    ? new SingleBar(
        {
          format: `${phase.padEnd(7)} [{bar}] {value}/{total} · failed {failed} · eta {eta_formatted}`,
          hideCursor: true,
        },
        Presets.shades_classic,
      )
    : undefined;
  bar?.start(tasks.length, 0, { failed: 0 });
  let failed = 0;
  await Promise.all(
    tasks.map((t) =>
      limit(async () => {
        if ((await t()) === "failed") failed++;
        bar?.increment(1, { failed });
      }),
    ),
  );
  bar?.stop();
  return { done: tasks.length - failed, failed };
}

function judgeTasks(plan: RunPlan, done: ResultIndex, caller: Caller, append: ReturnType<typeof appender>): Task[] {
  const tasks: Task[] = [];
  const judge = plan.judge!;
  for (const e of plan.examples) {
    if (scorerFor(e, plan.scorers?.[e.category]) !== "judge") continue;
    const answer = (m: string) => done.answers.get(answerKey(e.id, m))?.text;
    const groups: string[][] =
      e.reference !== undefined
        ? [plan.premium, ...plan.candidates].map((m) => [m])
        : plan.candidates.map((c) => [c, plan.premium]);
    for (const models of groups) {
      if (models.some((m) => answer(m) === undefined) || done.grades.has(gradeKey(e.id, models))) continue;
      tasks.push(async () => {
        let req: ChatCompletionRequest;
        let order = models;
        if (models.length === 1) {
          const ref = typeof e.reference === "string" ? e.reference : JSON.stringify(e.reference);
          req = referenceJudgeRequest(judge.model, e.messages, ref, answer(models[0])!, judge.jsonSchema);
        } else {
          order = stableHash32(`${e.id}:${models.join("+")}`) % 2 === 0 ? models : [...models].reverse();
          req = pairwiseJudgeRequest(judge.model, e.messages, answer(order[0])!, answer(order[1])!, judge.jsonSchema);
        }
        const r = await caller.call(judge.model, req);
        const verdict = r.ok
          ? parseJudgeReply(r.text, models.length === 1 ? ["score"] : ["score_a", "score_b"])
          : undefined;
        const record: GradeRecord = {
          kind: "grade",
          exampleId: e.id,
          category: e.category,
          judge: judge.model,
          mode: models.length === 1 ? "reference" : "pairwise",
          scores: verdict ? Object.fromEntries(order.map((m, i) => [m, gradeToQuality(verdict.scores[i])])) : {},
          reasoning: verdict?.reasoning ?? r.text.slice(0, 500),
          ok: verdict !== undefined,
          ...(verdict ? {} : { error: r.ok ? "unparseable judge reply" : r.error }),
          at: new Date().toISOString(),
        };
        if (record.ok) done.grades.set(gradeKey(e.id, models), record);
        await append(record);
        return record.ok ? "done" : "failed";
      });
    }
  }
  return tasks;
}

/**
 * Runs what the results file does not hold yet: every example through the premium model and each
 * candidate, then the judge where an example's scorer is the judge. Appends each result as it
 * lands, so an interrupted run resumes where it stopped.
 * @example const stats = await runEval(plan, evalCaller(active, env), await loadResults(plan.resultsFile))
 */
export async function runEval(plan: RunPlan, caller: Caller, done: ResultIndex): Promise<RunStats> {
  const append = appender(plan.resultsFile);
  const models = [plan.premium, ...plan.candidates];
  const answerTasks: Task[] = [];
  let skipped = 0;
  for (const e of plan.examples) {
    for (const model of models) {
      if (done.answers.has(answerKey(e.id, model))) {
        skipped++;
        continue;
      }
      answerTasks.push(async () => {
        const r = await caller.call(model, requestFor(e));
        const { ok, text, error, ...numbers } = r;
        const record: AnswerRecord = {
          kind: "answer",
          exampleId: e.id,
          category: e.category,
          model,
          ok,
          ...(ok ? { text } : { error }),
          ...numbers,
          at: new Date().toISOString(),
        };
        if (ok) done.answers.set(answerKey(e.id, model), record);
        await append(record);
        return ok ? "done" : "failed";
      });
    }
  }
  const answers = await runTasks(answerTasks, "answers", plan.concurrency, plan.progress ?? false);
  const before = done.grades.size;
  const grading = plan.judge ? judgeTasks(plan, done, caller, append) : [];
  const grades = await runTasks(grading, "judge", plan.concurrency, plan.progress ?? false);
  return { answers: { ...answers, skipped }, grades: { ...grades, skipped: before } };
}
