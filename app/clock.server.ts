import { AsyncLocalStorage } from "node:async_hooks";
import { todayIso } from "~/domain/dates";

// The moment a write happens, as history records it. Always the real time, except while the
// demo seed replays its story (db/seed/schedule.ts): each of its steps runs at the moment that
// step happened, so a proposal approved under a 2022 decision reads as approved in 2022. Only
// the seed may set it (eslint.config.js refuses `atMoment` anywhere in app/), so no request can.

const moment = new AsyncLocalStorage<Date>();

/** Now, or the moment a seed step runs at. */
export function now(): Date {
  return moment.getStore() ?? new Date();
}

/** Runs `step` with now() at `at`, for the step's whole async course. */
export function atMoment<T>(at: Date, step: () => Promise<T>): Promise<T> {
  return moment.run(at, step);
}

/**
 * Today in Vietnam as the services see it: the day of the seed step that runs, else todayIso()
 * (the real day, or TINHGON_TODAY in tests). Services and models ask this, never todayIso() alone,
 * so a replayed demo step judges dates as on the day it happened.
 */
export function currentDay(): string {
  const at = moment.getStore();
  return at ? todayIso(at) : todayIso();
}
