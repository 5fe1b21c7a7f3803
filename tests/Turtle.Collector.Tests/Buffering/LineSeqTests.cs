using System.Text;
using Turtle.Collector.Buffering;

namespace Turtle.Collector.Tests.Buffering;

/// <summary>Reading a buffered line's top-level seq without building the observation.</summary>
public class LineSeqTests
{
    [Theory]
    [InlineData("{\"seq\":1}", 1)]
    [InlineData("{\"collector\":\"dc1-web-1\",\"seq\":42,\"dc\":\"dc1\"}", 42)]
    [InlineData("{\"metrics\":{\"seq\":7},\"seq\":9}", 9)] // a nested seq is not the batch's
    [InlineData("{\"seq\":9,\"metrics\":{\"seq\":7}}", 9)]
    [InlineData("{\"list\":[{\"seq\":3}],\"seq\":5}", 5)]
    [InlineData(" {\"seq\":9223372036854775807} ", long.MaxValue)]
    public void Reads_the_top_level_seq(string line, long expected)
    {
        Assert.True(LineSeq.TryRead(Encoding.UTF8.GetBytes(line), out var seq));
        Assert.Equal(expected, seq);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("[{\"seq\":1}]")] // not an object
    [InlineData("{\"seq\":0}")] // not positive
    [InlineData("{\"seq\":-3}")]
    [InlineData("{\"seq\":1.5}")]
    [InlineData("{\"seq\":\"1\"}")]
    [InlineData("{\"seq\":null}")]
    [InlineData("{\"host\":\"web-1\"}")] // none
    [InlineData("{\"metrics\":{\"seq\":7}}")] // only a nested one
    [InlineData("{\"seq\":1,\"host\":\"we")] // cut short
    [InlineData("{\"seq\":1")]
    [InlineData("{\"seq\":1}{\"seq\":2}")] // more after the object
    [InlineData("{\"seq\":1} x")]
    public void Refuses_a_line_that_is_not_a_whole_batch(string line)
    {
        Assert.False(LineSeq.TryRead(Encoding.UTF8.GetBytes(line), out var seq));
        Assert.Equal(0, seq);
    }
}
