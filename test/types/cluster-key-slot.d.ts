// cluster-key-slot (ioredis' own dependency) ships no types: the one function the tests use.
declare module 'cluster-key-slot' {
  /** The Redis Cluster slot (0-16383) of a key, honouring a {hash tag}. */
  export default function calculateSlot(key: string): number;
}
