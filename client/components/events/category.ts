import { EVENT_CATEGORIES, type EventCategory } from '@/lib/api/types';

export const CATEGORY_LABELS: Record<EventCategory, string> = {
  concert: 'Concert',
  sport: 'Sport',
  theatre: 'Theatre',
  comedy: 'Comedy',
  festival: 'Festival',
  other: 'Other',
};

export const CATEGORY_OPTIONS = EVENT_CATEGORIES.map((value) => ({ value, label: CATEGORY_LABELS[value] }));
