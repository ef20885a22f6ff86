/** What `npm run demo` puts on an empty marketplace: who sells, who buys, and what is on. */

/** Every demo account shares it, so that anyone trying the demo can sign in as any of them. */
export const DEMO_PASSWORD = 'demo-password';

export type Category = 'concert' | 'sport' | 'theatre' | 'comedy' | 'festival' | 'other';

/** One issue request: a row of numbered seats, or a number of general-admission tickets. */
export type Issue =
  | { faceValue: number; section: string; row: string; seats: string[] }
  | { faceValue: number; section?: string; quantity: number };

export interface DemoEvent {
  organiser: string;
  name: string;
  venue: string;
  city: string;
  timeZone: string;
  category: Category;
  /** Days from today, in the venue's own calendar; the event starts at 19:30 there. */
  inDays: number;
  issues: Issue[];
  /** Percent above face value at which the organiser re-prices the event's first tickets, within the cap. */
  resaleMarkups?: number[];
  /** How many of its tickets fans buy and pay for, and how many they leave held by an unpaid order. */
  bought?: number;
  held?: number;
}

export const organisers = ['organiser.lena@demo.example', 'organiser.marcus@demo.example', 'organiser.aiko@demo.example'];
export const fans = ['fan.sam@demo.example', 'fan.priya@demo.example', 'fan.tom@demo.example'];

const [lena, marcus, aiko] = organisers as [string, string, string];

/** Seats "1" to "count" of one row. */
const seatsOf = (count: number) => Array.from({ length: count }, (_, i) => String(i + 1));
const row = (faceValue: number, section: string, rowName: string, count: number): Issue => ({ faceValue, section, row: rowName, seats: seatsOf(count) });

export const demoEvents: DemoEvent[] = [
  {
    organiser: lena, name: 'The Lanterns: Northern Lights Tour', venue: 'O2 Academy Brixton', city: 'London', timeZone: 'Europe/London',
    category: 'concert', inDays: 3, issues: [{ faceValue: 45, quantity: 30 }], resaleMarkups: [8], bought: 1,
  },
  {
    organiser: lena, name: 'Hamlet', venue: 'Old Vic Theatre', city: 'London', timeZone: 'Europe/London', category: 'theatre', inDays: 17,
    issues: [row(85, 'Stalls', 'C', 8), row(85, 'Stalls', 'D', 8), row(42.5, 'Upper Circle', 'A', 10)], resaleMarkups: [5, 10],
  },
  {
    organiser: lena, name: 'Berlin Derby: Union v Hertha', venue: 'Stadion An der Alten Försterei', city: 'Berlin', timeZone: 'Europe/Berlin',
    category: 'sport', inDays: 9, issues: [row(38, 'Block 3', '12', 10), { faceValue: 22, section: 'Standing terrace', quantity: 40 }], bought: 1,
  },
  {
    organiser: lena, name: 'Kreuzberg Comedy Night', venue: 'Quatsch Comedy Club', city: 'Berlin', timeZone: 'Europe/Berlin', category: 'comedy',
    inDays: 24, issues: [{ faceValue: 24, quantity: 25 }], held: 1,
  },
  {
    organiser: marcus, name: 'Knicks v Celtics', venue: 'Madison Square Garden', city: 'New York', timeZone: 'America/New_York', category: 'sport',
    inDays: 6, issues: [row(185, 'Section 101', 'C', 6), row(120, 'Section 210', 'F', 8)], resaleMarkups: [8],
  },
  {
    organiser: marcus, name: 'Governors Ball Summer Weekend', venue: 'Flushing Meadows Corona Park', city: 'New York', timeZone: 'America/New_York',
    category: 'festival', inDays: 45, issues: [{ faceValue: 150, section: 'Weekend pass', quantity: 50 }], bought: 1,
  },
  {
    organiser: marcus, name: 'Second City Mainstage Revue', venue: 'The Second City', city: 'Chicago', timeZone: 'America/Chicago', category: 'comedy',
    inDays: 12, issues: [row(39, 'Main floor', 'B', 10), row(39, 'Main floor', 'C', 10)],
  },
  {
    organiser: marcus, name: 'Lakeshore Jazz Orchestra', venue: 'Symphony Center', city: 'Chicago', timeZone: 'America/Chicago', category: 'concert',
    inDays: 31, issues: [row(65, 'Orchestra', 'K', 12), row(35, 'Gallery', 'B', 10)], resaleMarkups: [6], held: 1,
  },
  {
    organiser: aiko, name: 'Tokyo Game & Anime Expo', venue: 'Tokyo Big Sight', city: 'Tokyo', timeZone: 'Asia/Tokyo', category: 'other',
    inDays: 20, issues: [{ faceValue: 28, quantity: 60 }],
  },
  {
    organiser: aiko, name: 'Kabuki: Chushingura', venue: 'Kabuki-za', city: 'Tokyo', timeZone: 'Asia/Tokyo', category: 'theatre', inDays: 38,
    issues: [row(95, '1st floor', 'Row 5', 10), row(45, '3rd floor', 'Row 2', 8)],
  },
  {
    organiser: aiko, name: 'Harbour Lights Festival', venue: 'Sydney Opera House Forecourt', city: 'Sydney', timeZone: 'Australia/Sydney',
    category: 'festival', inDays: 52, issues: [{ faceValue: 89, quantity: 40 }],
  },
  {
    organiser: aiko, name: 'Swans v Giants', venue: 'Sydney Cricket Ground', city: 'Sydney', timeZone: 'Australia/Sydney', category: 'sport', inDays: 60,
    issues: [row(55, 'Members Stand', 'M', 10), { faceValue: 30, section: 'General admission', quantity: 30 }],
  },
];
