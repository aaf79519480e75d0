// The demo's calendar: store-local times with a fixed UTC offset (Asia/Shanghai has no daylight
// saving), opening hours, and the moment the store system "crashed".
const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export class StoreClock {
  constructor(
    readonly offsetMinutes: number,
    readonly openMinute: number,
    readonly closeMinute: number,
  ) {}

  static parseHours(hours: string, offsetMinutes: number): StoreClock {
    const [open, close] = hours.split('-').map((hm) => {
      const [h, m] = hm.split(':').map(Number);
      return h! * 60 + m!;
    });
    return new StoreClock(offsetMinutes, open!, close!);
  }

  /** `2026-11-21T14:02:11+08:00` */
  iso(ms: number): string {
    const local = new Date(ms + this.offsetMinutes * MINUTE).toISOString().slice(0, 19);
    const sign = this.offsetMinutes >= 0 ? '+' : '-';
    const abs = Math.abs(this.offsetMinutes);
    return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  }

  /** Midnight (store time) of the day holding `ms`, as epoch ms. */
  dayStart(ms: number): number {
    const local = ms + this.offsetMinutes * MINUTE;
    return local - (local % DAY) - this.offsetMinutes * MINUTE;
  }

  minuteOfDay(ms: number): number {
    return Math.floor((ms - this.dayStart(ms)) / MINUTE);
  }

  isOpen(ms: number): boolean {
    const m = this.minuteOfDay(ms);
    return m >= this.openMinute && m < this.closeMinute;
  }

  opening(day: number): number {
    return day + this.openMinute * MINUTE;
  }

  closing(day: number): number {
    return day + this.closeMinute * MINUTE;
  }

  /** Walks back from `end` until `minutes` of trading time lie between the result and `end`. */
  tradingMinutesBefore(end: number, minutes: number): number {
    let t = end;
    let left = minutes;
    while (left > 0) {
      t -= MINUTE;
      if (this.isOpen(t)) left--;
    }
    return t;
  }

  /** The last moment at or before `ms` when the store was trading. */
  lastTradingMoment(ms: number): number {
    let t = ms - (ms % MINUTE);
    while (!this.isOpen(t - MINUTE)) t -= MINUTE;
    return t;
  }
}
