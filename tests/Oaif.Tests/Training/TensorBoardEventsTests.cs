using Oaif.Tests.Support;
using Oaif.Training;
using static TorchSharp.torch.utils;

namespace Oaif.Tests.Training;

public class TensorBoardEventsTests
{
    [Fact]
    public void TruncationKeepsEarlierStepsAndDropsLaterOnesAndATornTail()
    {
        string dir = TestPaths.NewTempDir();
        var writer = tensorboard.SummaryWriter(dir);
        for (int step = 1; step <= 10; step++)
        {
            writer.add_scalar("loss", 1f / step, step);
            writer.add_scalar("lr", 0.1f, step);
        }
        string file = Assert.Single(Directory.GetFiles(dir, "*tfevents*"));
        // TorchSharp's writer (an independent implementation) wrote two events per step.
        var beforeAll = TensorBoardEvents.ReadSteps(file);
        var before = beforeAll.OfType<long>().ToList();
        Assert.Equal(Enumerable.Range(1, 10).SelectMany(s => new long[] { s, s }), before);

        // a record cut short by a kill: a length header promising more bytes than the file holds
        using (var tail = File.Open(file, FileMode.Append))
            tail.Write(BitConverter.GetBytes(1000UL).Concat(new byte[] { 1, 2, 3, 4, 5 }).ToArray());
        long sizeBefore = new FileInfo(file).Length;

        TensorBoardEvents.TruncateAfter(dir, 4);

        var after = TensorBoardEvents.ReadSteps(file);
        Assert.Equal(Enumerable.Range(1, 4).SelectMany(s => new long[] { s, s }), after.OfType<long>());
        Assert.True(new FileInfo(file).Length < sizeBefore);
        // Records without a step (the file-version header) survive.
        Assert.Contains(null, beforeAll);
        Assert.Equal(beforeAll.Count(s => s is null), after.Count(s => s is null));
    }
}
