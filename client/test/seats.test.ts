import { describe, expect, it } from '@jest/globals';
import { parseSeats } from '../lib/seats';

describe('reading the seats an organiser typed', () => {
  it('when seats are listed, then each is one, in the order typed, whatever separates them', () => {
    expect(parseSeats('A1, A2,A3  A4;A5')).toEqual(['A1', 'A2', 'A3', 'A4', 'A5']);
  });

  it('when a range of numbers is typed, then it stands for each seat in it, either way round and with any dash', () => {
    expect(parseSeats('1-4')).toEqual(['1', '2', '3', '4']);
    expect(parseSeats('10 – 8, 20')).toEqual(['10', '9', '8', '20']);
    expect(parseSeats('7-7')).toEqual(['7']);
  });

  it('when a name has a dash but is no range of numbers, then it is one seat', () => {
    expect(parseSeats('B-12, VIP-1')).toEqual(['B-12', 'VIP-1']);
  });

  it('when nothing is typed, then there are no seats', () => {
    expect(parseSeats('  , ; ')).toEqual([]);
  });

  it('when a range runs past what an issue may hold, then reading stops one past the limit, for the API to refuse', () => {
    expect(parseSeats('1-100000')).toHaveLength(101);
    expect(parseSeats('1-100')).toHaveLength(100);
    expect(parseSeats('1-60, 61-200')).toHaveLength(101);
  });

  it('when a seat is typed twice, then it is kept twice, so the API names the repeat', () => {
    expect(parseSeats('3, 1-3')).toEqual(['3', '1', '2', '3']);
  });
});
