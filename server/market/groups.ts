// Small rotating groups: split the room into tables of about `size`, and on each rotation make new
// tables that repeat as few earlier encounters as possible. Pure and deterministic for a given
// random source (inject one in tests).

export interface Table {
  name: string;
  participantIds: string[];
}

export interface Groups {
  size: number;
  rotation: number;
  tables: Table[];
  /** Every earlier grouping, to count who has already met whom. */
  history: string[][][];
}

export type Random = () => number;

/** Table names A, B, ... Z, AA, AB ... */
export function tableName(index: number): string {
  let name = "";
  let n = index;
  do {
    name = String.fromCharCode(65 + (n % 26)) + name;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return name;
}

const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** How many times each pair of people has sat at one table. */
export function encounters(history: string[][][]): Map<string, number> {
  const met = new Map<string, number>();
  for (const grouping of history) {
    for (const table of grouping) {
      for (let i = 0; i < table.length; i++) {
        for (let j = i + 1; j < table.length; j++) {
          const key = pairKey(table[i]!, table[j]!);
          met.set(key, (met.get(key) ?? 0) + 1);
        }
      }
    }
  }
  return met;
}

/** Pairs in `grouping` who had already met in `history` (counted with multiplicity). */
export function repeatEncounters(grouping: string[][], history: string[][][]): number {
  const met = encounters(history);
  let repeats = 0;
  for (const table of grouping) {
    for (let i = 0; i < table.length; i++) {
      for (let j = i + 1; j < table.length; j++) repeats += met.get(pairKey(table[i]!, table[j]!)) ?? 0;
    }
  }
  return repeats;
}

function shuffled<T>(list: readonly T[], random: Random): T[] {
  const copy = list.slice();
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** Table sizes as even as possible: 10 people at size 4 make tables of 4, 3, 3. */
function tableCapacities(people: number, size: number): number[] {
  const count = Math.max(1, Math.ceil(people / size));
  const base = Math.floor(people / count);
  const extra = people % count;
  return Array.from({ length: count }, (_, i) => base + (i < extra ? 1 : 0));
}

/**
 * One grouping: people are seated one by one (in a random order) at the open table where they have
 * met the fewest people already, then a local search swaps two people at different tables whenever
 * that does not add repeats (simulated annealing, cooling to strict improvement). Several random
 * starts; the grouping with the fewest repeat encounters wins.
 */
export function groupPeople(participantIds: string[], size: number, history: string[][][], random: Random = Math.random, attempts = participantIds.length > 80 ? 2 : 8): string[][] {
  const n = participantIds.length;
  if (n === 0) return [];
  const index = new Map(participantIds.map((id, i) => [id, i]));
  const met = new Uint16Array(n * n);
  for (const grouping of history) {
    for (const table of grouping) {
      const members = table.map((id) => index.get(id)).filter((i): i is number => i !== undefined);
      for (const a of members) for (const b of members) if (a !== b) met[a * n + b]! += 1;
    }
  }
  const capacities = tableCapacities(n, Math.max(2, size));
  const tableCount = capacities.length;
  // The cost of person p at table t (without p itself).
  const costAt = (seat: Int32Array, p: number, t: number, except = -1) => {
    let sum = 0;
    for (let q = 0; q < n; q++) if (q !== p && q !== except && seat[q] === t) sum += met[p * n + q]!;
    return sum;
  };
  const members: string[][] = [];
  let best: Int32Array | undefined;
  let bestCost = Infinity;
  const iterations = Math.min(30_000, 400 * n);
  for (let attempt = 0; attempt < attempts && bestCost > 0; attempt++) {
    const seat = new Int32Array(n).fill(-1);
    const filled = new Array<number>(tableCount).fill(0);
    for (const p of shuffled([...Array(n).keys()], random)) {
      let choice = -1;
      let choiceCost = Infinity;
      for (const t of shuffled([...Array(tableCount).keys()], random)) {
        if (filled[t]! >= capacities[t]!) continue;
        const added = costAt(seat, p, t);
        if (added < choiceCost) [choice, choiceCost] = [t, added];
      }
      seat[p] = choice;
      filled[choice]! += 1;
    }
    let total = 0;
    for (let p = 0; p < n; p++) total += costAt(seat, p, seat[p]!);
    total /= 2;
    let temperature = 1;
    for (let step = 0; step < iterations && total > 0 && tableCount > 1; step++) {
      const a = Math.floor(random() * n);
      const b = Math.floor(random() * n);
      const ta = seat[a]!;
      const tb = seat[b]!;
      if (ta === tb) continue;
      const delta = costAt(seat, a, tb, b) + costAt(seat, b, ta, a) - costAt(seat, a, ta) - costAt(seat, b, tb);
      if (delta <= 0 || random() < Math.exp(-delta / temperature)) {
        seat[a] = tb;
        seat[b] = ta;
        total += delta;
      }
      temperature = Math.max(0.01, 1 - step / (iterations * 0.7));
    }
    if (total < bestCost) [best, bestCost] = [seat.slice(), total];
  }
  for (let t = 0; t < tableCount; t++) members.push([]);
  best!.forEach((t, p) => members[t]!.push(participantIds[p]!));
  return members;
}

export function splitIntoGroups(participantIds: string[], size: number, random: Random = Math.random): Groups {
  const grouping = groupPeople(participantIds, size, [], random);
  return { size, rotation: 1, tables: grouping.map((ids, i) => ({ name: tableName(i), participantIds: ids })), history: [grouping] };
}

/** New tables for the people here now, meeting as few people again as possible. */
export function rotateGroups(groups: Groups, participantIds: string[], random: Random = Math.random): Groups {
  const grouping = groupPeople(participantIds, groups.size, groups.history, random);
  return {
    size: groups.size,
    rotation: groups.rotation + 1,
    tables: grouping.map((ids, i) => ({ name: tableName(i), participantIds: ids })),
    history: [...groups.history, grouping],
  };
}

export function tableOf(groups: Groups | undefined, participantId: string): Table | undefined {
  return groups?.tables.find((table) => table.participantIds.includes(participantId));
}

/**
 * Someone who joins while tables are running sits at the smallest table (the first of the smallest,
 * so the choice is stable), last in its speaking order; the next rotation mixes them in as usual.
 */
export function seatLateJoiner(groups: Groups, participantId: string): Groups {
  if (groups.tables.length === 0 || tableOf(groups, participantId)) return groups;
  const smallest = groups.tables.reduce((best, table, i) => (table.participantIds.length < groups.tables[best]!.participantIds.length ? i : best), 0);
  return { ...groups, tables: groups.tables.map((table, i) => (i === smallest ? { ...table, participantIds: [...table.participantIds, participantId] } : table)) };
}
