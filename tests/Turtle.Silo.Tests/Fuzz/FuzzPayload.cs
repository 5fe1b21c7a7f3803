using System.Text;

namespace Turtle.Silo.Tests.Fuzz;

/// <summary>What the mutator did to a payload. Kinds marked may-be-valid can yield a payload the API rightly accepts.</summary>
public enum MutationKind
{
    WrongType,
    Truncation,
    HugeString,
    HugeArray,
    DeepNesting,
    InvalidUtf8,
    DuplicateKey,
    ExtremeNumber,
    Null,
    RawControlCharacter,
    EscapedControlCharacter,
    MissingField,
    UnknownField,
    ContentType,
    ContentEncoding,
    Several,
    QueryTimeRange,
    QueryStep,
    QueryUnknownId,
    QueryHugeValue,
    QueryBadValue,
}

/// <summary>One hostile request: where it goes, what it carries, and whether an acceptance could be legitimate.</summary>
public sealed record FuzzPayload(int Index, MutationKind Kind, HttpMethod Method, string Url, byte[]? Body, string? ContentType, string? ContentEncoding, bool MayBeValid)
{
    /// <summary>The request, shortened for a failure message (bodies over 2 KB shown by their start and length).</summary>
    public string Describe()
    {
        var text = new StringBuilder($"#{Index} {Kind} {Method} {Shorten(Url, 600)}");
        if (ContentType is not null)
        {
            text.Append($"\n  Content-Type: {ContentType}");
        }

        if (ContentEncoding is not null)
        {
            text.Append($"\n  Content-Encoding: {ContentEncoding}");
        }

        if (Body is not null)
        {
            var shown = Body.Length <= 2048 ? Body : Body[..2048];
            text.Append($"\n  body ({Body.Length} bytes): ").Append(Encoding.UTF8.GetString(shown).Replace("\n", " ", StringComparison.Ordinal));
            if (Body.Length > 2048)
            {
                text.Append(" …");
            }
        }

        return text.ToString();
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : $"{text[..max]}… ({text.Length} chars)";
}
