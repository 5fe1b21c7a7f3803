using Turtle.Actors.Configuration;
using Turtle.Actors.History;

namespace Turtle.Actors.Runtime.History;

/// <summary>
/// Checks a whole batch before any of it is stored, so a bad sample rejects the batch and leaves nothing behind.
/// Every provider uses it, so all reject the same data with the same message.
/// </summary>
public static class SampleBatchValidator
{
    public static void Validate(IReadOnlyList<Sample> samples, HistoryOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var oldest = now - options.RawRetention;
        var newest = now + options.MaxFutureSkew;
        for (var i = 0; i < samples.Count; i++)
        {
            var sample = samples[i] ?? throw new InvalidSampleException(i, nameof(Sample), "is null");
            Name(i, nameof(Sample.Entity), sample.Entity);
            Name(i, nameof(Sample.Metric), sample.Metric);
            if (!double.IsFinite(sample.Value))
            {
                throw new InvalidSampleException(i, nameof(Sample.Value), $"is {sample.Value}, but must be a finite number");
            }

            if (sample.Time < oldest || sample.Time > newest)
            {
                throw new InvalidSampleException(i, nameof(Sample.Time),
                    $"is {sample.Time:O}, outside the accepted window [{oldest:O}, {newest:O}] (raw retention {options.RawRetention} back, clock skew {options.MaxFutureSkew} ahead)");
            }

            Labels(i, sample.Labels, options);
        }
    }

    private static void Name(int index, string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new InvalidSampleException(index, field, "is empty");
        }

        if (value.Length > HistoryOptions.MaxNameLength)
        {
            throw new InvalidSampleException(index, field, $"is {value.Length} characters long, more than the {HistoryOptions.MaxNameLength} allowed");
        }

        if (value.Contains('\0'))
        {
            // PostgreSQL text cannot hold NUL; refusing it everywhere keeps the providers interchangeable.
            throw new InvalidSampleException(index, field, "contains a NUL character");
        }
    }

    private static void Labels(int index, IReadOnlyDictionary<string, string>? labels, HistoryOptions options)
    {
        if (labels is null)
        {
            return;
        }

        if (labels.Count > options.MaxLabels)
        {
            throw new InvalidSampleException(index, nameof(Sample.Labels), $"has {labels.Count} labels, more than the {options.MaxLabels} allowed (Turtle:History:MaxLabels)");
        }

        foreach (var (key, value) in labels)
        {
            if (string.IsNullOrEmpty(key) || key.Length > options.MaxLabelKeyLength)
            {
                throw new InvalidSampleException(index, nameof(Sample.Labels),
                    $"has a key of {key?.Length ?? 0} characters; keys must have 1 to {options.MaxLabelKeyLength} (Turtle:History:MaxLabelKeyLength)");
            }

            if (key.Contains('\0') || value?.Contains('\0') == true)
            {
                throw new InvalidSampleException(index, nameof(Sample.Labels), $"has a NUL character in the label '{key.Replace("\0", "\\0", StringComparison.Ordinal)}'");
            }

            if (value is null || value.Length > options.MaxLabelValueLength)
            {
                throw new InvalidSampleException(index, nameof(Sample.Labels),
                    $"has the value of '{key}' {(value is null ? "null" : $"{value.Length} characters long")}; values must have at most {options.MaxLabelValueLength} (Turtle:History:MaxLabelValueLength)");
            }
        }
    }
}
