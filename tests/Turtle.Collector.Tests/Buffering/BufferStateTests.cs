using Turtle.Collector.Buffering;

namespace Turtle.Collector.Tests.Buffering;

/// <summary>The buffer's state file.</summary>
public sealed class BufferStateTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void No_file_reads_as_empty()
    {
        Assert.Equal(BufferState.Empty, BufferState.Load(_dir.Path));
    }

    [Fact]
    public void Saved_state_loads_back_and_leaves_no_temporary_file()
    {
        var state = new BufferState(41, 17, 5, 2);

        state.Save(_dir.Path);
        state.Save(_dir.Path); // over an existing one

        Assert.Equal(state, BufferState.Load(_dir.Path));
        Assert.Equal([BufferState.FileName], Directory.GetFiles(_dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void The_file_is_camel_case_json()
    {
        new BufferState(41, 17, 5, 2).Save(_dir.Path);

        var text = File.ReadAllText(Path.Join(_dir.Path, BufferState.FileName));
        Assert.Contains("\"ackedThrough\":41", text);
        Assert.Contains("\"droppedThrough\":17", text);
        Assert.Contains("\"droppedBatches\":5", text);
        Assert.Contains("\"rejectedBatches\":2", text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("\u0000\u0000\u0000")]
    public void An_unreadable_file_reads_as_null(string text)
    {
        File.WriteAllText(Path.Join(_dir.Path, BufferState.FileName), text);

        Assert.Null(BufferState.Load(_dir.Path));
    }
}
