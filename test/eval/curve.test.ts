import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { apgr, cpt, endpoints, oracleRouter, pgr, randomRouter, sweep, type PairedOutcome } from "../../eval/curve";

const p = (cheapScore: number, premiumScore: number): PairedOutcome => ({
  cheapScore,
  premiumScore,
  cheapCost: 1,
  premiumCost: 10,
});

/**
 * r1: premium gains 1; r2: tie at 1; r3: premium loses 1; r4: premium gains 1. Q_cheap = 2/4 = 0.5,
 * Q_premium = 3/4 = 0.75. Scores 0.9, 0.5, 0.5, 0.1: r1 first, then r2+r3 together (a tie), then r4.
 *   share 0    q 0.5   PGR 0   cost 4
 *   share 0.25 q 0.75  PGR 1   cost 13
 *   share 0.75 q 0.5   PGR 0   cost 31
 *   share 1    q 0.75  PGR 1   cost 40
 * APGR = 0.25·(0+1)/2 + 0.5·(1+0)/2 + 0.25·(0+1)/2 = 0.125 + 0.25 + 0.125 = 0.5
 * CPT(50 %): halfway up the first segment = 0.125; CPT(80 %) = 0.8 × 0.25 = 0.2.
 */
const ROWS = [p(0, 1), p(1, 1), p(1, 0), p(0, 1)];

describe("cost–quality curve", () => {
  it("matches the hand-computed points, APGR and CPT", () => {
    const c = sweep(ROWS, [0.9, 0.5, 0.5, 0.1]);
    expect(c.points.map((x) => [x.premiumShare, x.quality, x.pgr, x.cost])).toEqual([
      [0, 0.5, 0, 4],
      [0.25, 0.75, 1, 13],
      [0.75, 0.5, 0, 31],
      [1, 0.75, 1, 40],
    ]);
    expect(c.points[1].costShare).toBeCloseTo(13 / 40, 12);
    expect(c.apgr).toBeCloseTo(0.5, 12);
    expect(c.cpt50).toBeCloseTo(0.125, 12);
    expect(c.cpt80).toBeCloseTo(0.2, 12);
  });

  it("endpoints, PGR, the random router and the oracle by hand", () => {
    expect(endpoints(ROWS)).toEqual({ n: 4, qualityCheap: 0.5, qualityPremium: 0.75, costCheap: 4, costPremium: 40 });
    expect(pgr(0.625, { qualityCheap: 0.5, qualityPremium: 0.75 })).toBe(0.5);
    const r = randomRouter(ROWS, 0.5);
    expect(r.quality).toBe(0.625);
    expect(r.cost).toBe(22);
    // sd = sqrt(Σ (p − c)² · ¼) / n = sqrt(3/4) / 4
    expect(r.qualitySd).toBeCloseTo(Math.sqrt(0.75) / 4, 12);
    expect(oracleRouter(ROWS)).toEqual({ quality: 1, cost: 22, premiumShare: 0.5 });
  });

  it("a score that cannot tell rows apart is the random router: the straight line, APGR 0.5", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), {
          minLength: 2,
          maxLength: 40,
        }),
        (pairs) => {
          const rows = pairs.map(([c, q]) => p(c, q));
          const e = endpoints(rows);
          fc.pre(Math.abs(e.qualityPremium - e.qualityCheap) > 1e-6);
          const c = sweep(
            rows,
            rows.map(() => 0),
          );
          expect(c.points).toHaveLength(2);
          expect(c.apgr).toBeCloseTo(0.5, 9);
          expect(c.cpt50).toBeCloseTo(0.5, 9);
        },
      ),
    );
  });

  it("ranking by the true gain beats the reverse ranking, and ties between them average", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 1 })), {
          minLength: 4,
          maxLength: 60,
        }),
        (pairs) => {
          const rows = pairs.map(([c, q]) => p(c, q));
          const e = endpoints(rows);
          fc.pre(e.qualityPremium > e.qualityCheap);
          const gain = rows.map((r) => r.premiumScore - r.cheapScore);
          const best = sweep(rows, gain).apgr;
          const worst = sweep(
            rows,
            gain.map((g) => -g),
          ).apgr;
          expect(best).toBeGreaterThanOrEqual(0.5 - 1e-9);
          expect(worst).toBeLessThanOrEqual(0.5 + 1e-9);
          expect((best + worst) / 2).toBeCloseTo(0.5, 9);
        },
      ),
    );
  });

  it("CPT is NaN when the target is never reached, and 0 when already met", () => {
    const pts = [
      { premiumShare: 0, quality: 0, cost: 0, costShare: 0, pgr: 0.2 },
      { premiumShare: 1, quality: 0, cost: 0, costShare: 1, pgr: 0.6 },
    ];
    expect(cpt(pts, 0.8)).toBeNaN();
    expect(cpt(pts, 0.1)).toBe(0);
    expect(apgr(pts)).toBeCloseTo(0.4, 12);
  });
});
