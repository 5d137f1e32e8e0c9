import { atMoment } from "~/clock.server";

// The demo's story in the order it happened: every step (a decision recorded, a proposal
// submitted, an amendment moved, two ministries merged) is planned on the day it took place,
// then all run in day order through the services, each at its moment (app/clock.server.ts), so
// the history they write reads as it happened and the 2025 merger finds open exactly the cases
// that were open then. Nothing is stamped later than the moment the demo is loaded.

/** The first step of a day runs at 08:30 in Vietnam, the next a minute later, and so on. */
const DAY_START_MS = 90 * 60_000;
const STEP_MS = 60_000;

/** The moment of a day's `index`-th step, never after `loadedAt`. */
export function momentOn(day: string, index: number, loadedAt: Date): Date {
  return new Date(Math.min(Date.parse(`${day}T00:00:00Z`) + DAY_START_MS + index * STEP_MS, loadedAt.getTime()));
}

interface Step {
  day: string;
  order: number;
  run: () => Promise<unknown>;
}

export class Schedule {
  private readonly steps: Step[] = [];

  /** A step on `day` (ISO date); steps of one day run in the order they were added. */
  add(day: string, run: () => Promise<unknown>): void {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`Demo step planned on "${day}", not a date`);
    this.steps.push({ day, order: this.steps.length, run });
  }

  /** Runs every step in day order, none later than `loadedAt`. */
  async run(loadedAt: Date): Promise<void> {
    const ordered = [...this.steps].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.order - b.order));
    let day = "";
    let index = 0;
    for (const step of ordered) {
      index = step.day === day ? index + 1 : 0;
      day = step.day;
      await atMoment(momentOn(step.day, index, loadedAt), step.run);
    }
  }
}
