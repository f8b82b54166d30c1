using Oaif.Training;

namespace Oaif.Tests.Training;

public class LearningRateScheduleTests
{
    [Fact]
    public void WarmsUpLinearlyThenFollowsTheChosenDecay()
    {
        var constant = new LearningRateSchedule(1.0, 4, 14, LearningRateScheduleKind.Constant);
        var linear = constant with { Kind = LearningRateScheduleKind.Linear };
        var cosine = constant with { Kind = LearningRateScheduleKind.Cosine, MinRatio = 0.1 };
        Assert.Equal(0.25, constant.At(1), 12);
        Assert.Equal(1.0, constant.At(4), 12);
        Assert.Equal(1.0, constant.At(14), 12);
        Assert.Equal(0.5, linear.At(9), 12);
        Assert.Equal(0.0, linear.At(14), 12);
        Assert.Equal(0.1 + 0.9 * 0.5 * (1 + Math.Cos(Math.PI * 0.3)), cosine.At(7), 12);
        Assert.Equal(0.1, cosine.At(14), 12);
    }
}
