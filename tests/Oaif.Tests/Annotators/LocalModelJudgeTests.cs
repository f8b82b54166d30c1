using Oaif.Annotators;
using Oaif.Model;
using Oaif.Tests.Support;
using Oaif.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace Oaif.Tests.Annotators;

public class LocalModelJudgeTests
{
    /// <summary>A model whose next-token logits are the same fixed vector at every position (an LM head
    /// with zero weights and this bias); it records the last input so the test can read the prompt.</summary>
    sealed class FixedLogitsLm(float[] logits) : nn.Module("fixed"), ICausalLanguageModel
    {
        public long[] LastInput { get; private set; } = [];
        public int VocabSize => logits.Length;
        public nn.Module Module => this;

        public Tensor Forward(Tensor inputIds, Tensor? attentionMask = null)
        {
            LastInput = inputIds.data<long>().ToArray();
            long b = inputIds.shape[0], t = inputIds.shape[1];
            return tensor(logits).view(1, 1, -1).expand(b, t, -1).contiguous();
        }

        public ICausalLanguageModel Clone() => new FixedLogitsLm(logits);
        public void Save(string directory) => throw new NotSupportedException();
    }

    [Fact]
    public async Task JudgeReadsTheLabelLogProbsOfTheRenderedJudgePrompt()
    {
        // A byte-level BPE: "A" and "B" are single byte tokens; " A"/" B" never occur, so stay two tokens.
        var path = Path.Combine(TestPaths.NewTempDir(), "tokenizer.json");
        var tokenizer = BpeTrainer.Train(["which answer is better, first or second?"],
            new BpeTrainerOptions { VocabSize = 280 }).Save(path);
        int a = tokenizer.Encode("A").Single(), b = tokenizer.Encode("B").Single();
        Assert.Equal(2, tokenizer.Encode(" A").Length);
        var logits = new float[tokenizer.VocabSize];
        logits[a] = 4f;
        logits[b] = 1f;
        var lm = new FixedLogitsLm(logits);
        var chat = new ChatFormatter(ChatFamily.Plain);
        var judge = new LocalModelJudge(lm, tokenizer, chat, JudgeTemplate.Helpfulness, "fixed");
        var request = new JudgeRequest("User: hi\nAssistant:", " hello", " go away");

        var judgement = await judge.JudgeAsync(request);

        // softmax over the two labels: e^4 / (e^4 + e^1) = σ(3)
        Assert.Equal(Verdict.First, judgement.Verdict);
        Assert.Equal(1 / (1 + Math.Exp(-3)), judgement.ProbabilityFirst!.Value, 6);
        Assert.Equal("local:fixed", judge.Id);
        var expectedText = chat.Format([ChatMessage.System(JudgeTemplate.Helpfulness.System),
            ChatMessage.User(JudgeTemplate.Helpfulness.RenderUser(request, null))]);
        Assert.Equal(tokenizer.BosId, (int)lm.LastInput[0]);
        Assert.Equal(expectedText, tokenizer.Decode(lm.LastInput.Select(i => (int)i).ToArray()));
    }
}
