// Test classes run one after another: training code seeds libtorch's global random generator (as
// PyTorch code does), so two tests running at once could draw each other's numbers and make the
// run-equality tests (resume, replay) fail by chance. Torch still uses both cores inside each test.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
