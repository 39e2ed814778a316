/**
 * The travel desk's two tools, deterministic and offline: a city's weather and a flight's status,
 * each from a fixed table. A tool that cannot answer throws a ToolError; the agent reports its
 * message as the call's error.
 */

export class ToolError extends Error {
  override name = 'ToolError';
}

export type ToolName = 'get_weather' | 'flight_status' | 'find_hotels';

const WEATHER: Readonly<Record<string, { celsius: number; sky: string }>> = {
  paris: { celsius: 18, sky: 'light rain' },
  rome: { celsius: 24, sky: 'sunny' },
  oslo: { celsius: 7, sky: 'snow showers' },
  lima: { celsius: 21, sky: 'overcast' },
  tokyo: { celsius: 15, sky: 'clear' },
  cairo: { celsius: 33, sky: 'hot and dry' },
};

const FLIGHTS: Readonly<Record<string, { route: string; status: string }>> = {
  LH400: { route: 'Frankfurt to New York', status: 'on time, gate B44' },
  SK1463: { route: 'Oslo to Copenhagen', status: 'delayed 40 minutes' },
  AF1234: { route: 'Paris to Rome', status: 'boarding, gate K12' },
};

/** The city's name as people write it, first letter up. */
const cityName = (city: string): string => city.trim().replace(/^\p{Ll}/u, (first) => first.toUpperCase());

export function weather(city: string): string {
  const found = WEATHER[city.trim().toLowerCase()];
  if (!found) throw new ToolError(`No forecast for ${cityName(city)}`);
  return `${cityName(city)}: ${found.celsius} °C, ${found.sky}`;
}

export function flightStatus(flight: string): string {
  const code = flight.replace(/\s+/g, '').toUpperCase();
  const found = FLIGHTS[code];
  if (!found) throw new ToolError(`Unknown flight ${code}`);
  return `${code} ${found.route}: ${found.status}`;
}

const HOTELS: Readonly<Record<string, readonly string[]>> = {
  lisbon: ['Casa do Rio (4★)', 'Alfama Rooms (3★)'],
  paris: ['Hôtel du Nord (3★)', 'Le Marais Suites (4★)'],
  rome: ['Albergo Tevere (3★)'],
};

export function hotels(city: string): string {
  const found = HOTELS[city.trim().toLowerCase()];
  if (!found) throw new ToolError(`No hotels known in ${cityName(city)}`);
  return `${cityName(city)}: ${found.join(', ')}`;
}
