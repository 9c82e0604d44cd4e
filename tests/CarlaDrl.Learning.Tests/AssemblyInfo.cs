// Torch already uses every core for one test's tensors; running learning tests side by side only makes each slower
// and lets process-wide state (torch's thread count, tensor counters) leak between tests.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
