/** One more than an issue may hold, so that a list past the limit still reaches the API, which names it. */
const MOST_SEATS_READ = 101;

const RANGE = /^(\d{1,6})\s*[-–]\s*(\d{1,6})$/;

/**
 * The seats an organiser typed, in order: names or numbers separated by commas or spaces, where a range
 * of numbers (`1-20` or `1–20`) stands for each seat in it. Whether the list is short enough and has
 * no repeats is the API's to say; reading stops one past its limit, so a range typed by mistake as
 * `1-100000` costs nothing.
 */
export function parseSeats(text: string): string[] {
  const seats: string[] = [];
  const tokens = text
    .replace(/\s*[-–]\s*/g, '-')
    .split(/[\s,;]+/)
    .filter(Boolean);
  for (const token of tokens) {
    const range = RANGE.exec(token);
    if (range) {
      const [first, last] = [Number(range[1]), Number(range[2])];
      const step = first <= last ? 1 : -1;
      for (let seat = first; seats.length < MOST_SEATS_READ; seat += step) {
        seats.push(String(seat));
        if (seat === last) break;
      }
    } else {
      seats.push(token);
    }
    if (seats.length >= MOST_SEATS_READ) break;
  }
  return seats;
}
