const encoder = new TextEncoder();
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

/** SHA-256 of a string as lowercase hex (Web Crypto: same in workerd and Node). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
  let hex = "";
  for (let i = 0; i < digest.length; i++) hex += HEX[digest[i]];
  return hex;
}
