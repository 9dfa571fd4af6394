/**
 * Client keys: `npm run keys -- create --name "Support bot" [--id support-bot] [--admin] [--local|--remote]`.
 * Prints the new key once; only its SHA-256 goes to KV (`client:<hex>` → { id, name, admin }).
 * `npm run keys -- revoke --key <key> [--local|--remote]` deletes it.
 */
import { parseArgs } from "node:util";
import { randomBytes } from "node:crypto";
import { clientRecordKey } from "../src/core/client";
import { runWrangler, wranglerTargetFlags } from "./lib/wrangler";

const USAGE = `usage: npm run keys -- create --name NAME [--id ID] [--admin] [--local|--remote]
       npm run keys -- revoke --key KEY [--local|--remote]
       npm run keys -- hash --key KEY`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: "string" },
      id: { type: "string" },
      key: { type: "string" },
      admin: { type: "boolean", default: false },
      local: { type: "boolean", default: false },
      remote: { type: "boolean", default: false },
    },
  });
  const command = positionals[0];
  if (command === "create") {
    if (!values.name) return fail("--name is required");
    const key = values.key ?? `mr-${randomBytes(24).toString("base64url")}`;
    const id = values.id ?? slug(values.name);
    const record = JSON.stringify({ id, name: values.name, admin: values.admin });
    await runWrangler([
      "kv",
      "key",
      "put",
      "--binding",
      "RULES",
      await clientRecordKey(key),
      record,
      ...wranglerTargetFlags(values),
    ]);
    console.log(
      `Created client '${id}'${values.admin ? " (admin)" : ""}. Its key, shown only this once:\n\n  ${key}\n`,
    );
    return 0;
  }
  if (command === "revoke") {
    if (!values.key) return fail("--key is required");
    const name = await clientRecordKey(values.key);
    await runWrangler(["kv", "key", "delete", "--binding", "RULES", name, ...wranglerTargetFlags(values)]);
    console.log(
      "Revoked: isolates that have seen the key accept it for up to 30 s more, plus up to ~60 s of KV propagation.",
    );
    return 0;
  }
  if (command === "hash") {
    if (!values.key) return fail("--key is required");
    console.log(await clientRecordKey(values.key));
    return 0;
  }
  return fail(`unknown command '${command ?? ""}'`);
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "client"
  );
}

function fail(message: string): number {
  console.error(`${message}\n${USAGE}`);
  return 2;
}

process.exitCode = await main();
