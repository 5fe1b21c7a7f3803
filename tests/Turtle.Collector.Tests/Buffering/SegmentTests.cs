using System.Text;
using Turtle.Collector.Buffering;

namespace Turtle.Collector.Tests.Buffering;

/// <summary>One segment file: appending synced lines, and recovering what a crash left.</summary>
public sealed class SegmentTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Appended_lines_are_read_back_by_their_entries()
    {
        using var segment = Segment.Create(_dir.Path, 5);
        segment.Append(5, BatchJson.Of(5, 30));
        segment.Append(6, BatchJson.Of(6, 50));

        Assert.True(Segment.IsSegmentFile(segment.FilePath));
        Assert.Equal([5L, 6], segment.Entries.Select(e => e.Seq));
        Assert.Equal(6, segment.LastSeq);
        Assert.Equal(30 + 1 + 50 + 1, segment.Length);
        Assert.Equal(segment.Length, new FileInfo(segment.FilePath).Length);
        using var file = segment.OpenForReading();
        Assert.Equal(BatchJson.Of(5, 30), Segment.Read(file, segment.Entries[0]));
        Assert.Equal(BatchJson.Of(6, 50), Segment.Read(file, segment.Entries[1]));
    }

    [Fact]
    public void File_names_sort_oldest_first()
    {
        var names = new[] { 9L, 10, 123456, 2 }.Select(seq =>
        {
            using var segment = Segment.Create(_dir.Path, seq);
            return Path.GetFileName(segment.FilePath);
        }).ToList();

        var ordered = names.Order(StringComparer.Ordinal).Select(n => long.Parse(n["segment-".Length..^".jsonl".Length], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal([2L, 9, 10, 123456], ordered);
    }

    [Theory]
    [InlineData("segment-0000000000000000001.jsonl", true)]
    [InlineData("segment-0000000000000000001.jsonl.tmp", false)]
    [InlineData("state.json", false)]
    [InlineData("old-segment-1.jsonl", false)]
    public void Only_segment_files_are_taken_for_segments(string name, bool expected)
    {
        Assert.Equal(expected, Segment.IsSegmentFile(Path.Join(_dir.Path, name)));
    }

    [Fact]
    public void Recovering_cuts_a_torn_last_line_and_counts_unreadable_and_out_of_order_lines()
    {
        var path = Path.Join(_dir.Path, "segment-0000000000000000003.jsonl");
        var whole = "{\"seq\":3}\n{\"seq\":4}\nnot json\n{\"seq\":4}\n{\"seq\":6}\n";
        File.WriteAllText(path, whole + "{\"seq\":7,\"ho");

        using var segment = Segment.Recover(path, out var unreadable, out var tornBytes);

        Assert.Equal([3L, 4, 6], segment.Entries.Select(e => e.Seq));
        Assert.Equal(2, unreadable); // "not json" and the repeated 4
        Assert.Equal("{\"seq\":7,\"ho".Length, tornBytes);
        Assert.Equal(whole, File.ReadAllText(path));
        Assert.Equal(whole.Length, segment.Length);
        using var file = segment.OpenForReading();
        Assert.Equal("{\"seq\":6}", Encoding.UTF8.GetString(Segment.Read(file, segment.Entries[2])));
    }

    [Fact]
    public void A_recovered_segment_is_not_appended_to_again()
    {
        var path = Path.Join(_dir.Path, "segment-0000000000000000001.jsonl");
        File.WriteAllText(path, "{\"seq\":1}\n");

        using var segment = Segment.Recover(path, out _, out var torn);

        Assert.Equal(0, torn);
        Assert.Throws<InvalidOperationException>(() => segment.Append(2, BatchJson.Of(2)));
    }

    [Fact]
    public void Reading_an_entry_of_a_file_cut_short_fails_rather_than_returning_part_of_it()
    {
        using var segment = Segment.Create(_dir.Path, 1);
        segment.Append(1, BatchJson.Of(1, 100));
        segment.CloseForAppending();
        using (var writer = new FileStream(segment.FilePath, FileMode.Open, FileAccess.Write))
        {
            writer.SetLength(50);
        }

        using var file = segment.OpenForReading();
        Assert.Throws<IOException>(() => Segment.Read(file, segment.Entries[0]));
    }
}
