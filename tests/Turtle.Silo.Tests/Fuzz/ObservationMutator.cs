using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Turtle.Silo.Tests.Fuzz;

/// <summary>
/// Mutates the schema's valid examples into hostile ingest requests, deterministically from a per-payload seed. JSON
/// trees are mutated as trees; what a tree cannot hold (invalid UTF-8, raw control characters, duplicate keys,
/// number literals such as 1e309 or NaN, deep nesting) is spliced into the serialized text at a marker.
/// </summary>
public sealed class ObservationMutator(IReadOnlyList<JsonObject> examples)
{
    private const string Marker = "\u0001fuzz-marker\u0001";
    private const string MarkerJson = "\"\\u0001fuzz-marker\\u0001\"";

    private static readonly string[] NumberLiterals =
    [
        "1e309", "-1e309", "-0", "-0.0", "1e-400", "NaN", "Infinity", "-Infinity", "99999999999999999999999999999", "-9223372036854775809",
        "9223372036854775808", "1.7976931348623157e308", "4.9e-324", "0x10", "01", ".5", "+1", "1e", "--1", "1.0e+", "18446744073709551616",
        "-1", "0", "2147483648", "1e20", "123456789012345678901234567890e-10",
    ];

    private static readonly byte[][] BadUtf8 =
    [
        [0xC3, 0x28], [0xFF], [0xFE, 0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xF8, 0x88, 0x80, 0x80, 0x80],
        "\\ud800"u8.ToArray(), "\\udc00\\ud800"u8.ToArray(), // escapes of lone surrogates: valid JSON syntax, not valid text
    ];

    private static readonly MutationKind[] BodyKinds =
    [
        MutationKind.WrongType, MutationKind.WrongType, MutationKind.Truncation, MutationKind.Truncation, MutationKind.HugeString, MutationKind.HugeArray,
        MutationKind.DeepNesting, MutationKind.InvalidUtf8, MutationKind.InvalidUtf8, MutationKind.DuplicateKey, MutationKind.DuplicateKey,
        MutationKind.ExtremeNumber, MutationKind.ExtremeNumber, MutationKind.ExtremeNumber, MutationKind.Null, MutationKind.Null, MutationKind.RawControlCharacter,
        MutationKind.EscapedControlCharacter, MutationKind.MissingField, MutationKind.UnknownField, MutationKind.ContentType, MutationKind.ContentEncoding,
        MutationKind.Several,
    ];

    public FuzzPayload Next(int index, Random random)
    {
        var kind = BodyKinds[random.Next(BodyKinds.Length)];
        var tree = (JsonObject)examples[random.Next(examples.Count)].DeepClone();
        JsonNode root = tree;
        if (random.Next(8) == 0)
        {
            // Sometimes a batch array, the hostile one among valid ones.
            root = new JsonArray(examples.Select(e => (JsonNode)e.DeepClone()).Append(tree).OrderBy(_ => random.Next()).ToArray());
        }

        string? contentType = "application/json";
        string? encoding = null;
        var mayBeValid = false;
        byte[] body;
        switch (kind)
        {
            case MutationKind.ContentType:
                contentType = Pick(random, [null, "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "garbage", "application/", "json", ";;;"]);
                body = Serialize(root);
                break;
            case MutationKind.ContentEncoding:
                (body, encoding) = random.Next(3) switch
                {
                    0 => (Serialize(root), "gzip"),                       // says gzip, is not
                    1 => (Serialize(root), Pick(random, ["br", "deflate", "compress", "gzip, gzip", "x-unknown"])),
                    _ => (GzipBomb(random), "gzip"),                     // small on the wire, far over the limit inflated
                };
                break;
            case MutationKind.Several:
                var times = 2 + random.Next(3);
                var text = Serialize(root);
                for (var i = 0; i < times; i++)
                {
                    root = JsonNode.Parse(text)!;
                    var one = BodyKinds[random.Next(11)]; // tree-safe kinds first in the table... any text result is fine
                    (text, var valid) = Apply(one, root, random);
                    mayBeValid |= valid;
                    if (one is MutationKind.InvalidUtf8 || !IsJson(text))
                    {
                        break; // what follows works on a tree, which this text no longer makes
                    }
                }

                body = text;
                break;
            default:
                (body, mayBeValid) = Apply(kind, root, random);
                break;
        }

        return new FuzzPayload(index, kind, HttpMethod.Post, "/api/v1/observations", body, contentType, encoding, mayBeValid && kind is not (MutationKind.ContentType or MutationKind.ContentEncoding));
    }

    private static (byte[] Body, bool MayBeValid) Apply(MutationKind kind, JsonNode root, Random random)
    {
        var nodes = Nodes(root).ToList();
        var (parent, key, node) = nodes[random.Next(nodes.Count)];
        switch (kind)
        {
            case MutationKind.WrongType:
                Replace(parent, key, OtherType(node, random));
                return (Serialize(root), false);
            case MutationKind.Truncation:
                var whole = Serialize(root);
                return (whole[..random.Next(whole.Length)], false);
            case MutationKind.HugeString:
                var strings = nodes.Where(n => n.Node is JsonValue v && v.GetValueKind() == JsonValueKind.String).ToList();
                var target = strings.Count > 0 ? strings[random.Next(strings.Count)] : (Parent: parent, Key: key, Node: node);
                Replace(target.Parent, target.Key, JsonValue.Create(new string(Pick(random, ['a', 'é', '€', ' ', '/', '9']), 4_097 + random.Next(400_000))));
                return (Serialize(root), false);
            case MutationKind.HugeArray:
                var count = Pick(random, [257, 1_001, 10_000, 100_000, 300_000]);
                var element = Pick(random, ["1", "{}", "\"x\"", "null", "[]"]);
                // Spliced as text: a tree of 300,000 nodes would cost the test more than the silo.
                return (Splice(root, parent, key, Encoding.UTF8.GetBytes("[" + string.Join(',', Enumerable.Repeat(element, count)) + "]")), false);
            case MutationKind.DeepNesting:
                var depth = Pick(random, [33, 64, 1_000, 10_000, 100_000]);
                var open = random.Next(2) == 0 ? "[" : "{\"a\":";
                var close = open == "[" ? "]" : "}";
                return (Splice(root, parent, key, Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth)))), false);
            case MutationKind.InvalidUtf8:
                var bad = BadUtf8[random.Next(BadUtf8.Length)];
                return (Splice(root, parent, key, [(byte)'"', (byte)'x', .. bad, (byte)'y', (byte)'"']), false);
            case MutationKind.RawControlCharacter:
                var control = (byte)random.Next(0x20);
                return (Splice(root, parent, key, [(byte)'"', (byte)'a', control, (byte)'b', (byte)'"']), false);
            case MutationKind.EscapedControlCharacter:
                // Valid JSON: a control character inside a name or text. Free text may carry it; names must not.
                Replace(parent, key, JsonValue.Create($"a{(char)random.Next(0x20)}b"));
                return (Serialize(root), true);
            case MutationKind.DuplicateKey:
                return (DuplicateKey(root, nodes, random), false);
            case MutationKind.ExtremeNumber:
                var numbers = nodes.Where(n => n.Node is JsonValue v && v.GetValueKind() == JsonValueKind.Number).ToList();
                var number = numbers.Count > 0 && random.Next(4) != 0 ? numbers[random.Next(numbers.Count)] : (Parent: parent, Key: key, Node: node);
                var literal = NumberLiterals[random.Next(NumberLiterals.Length)];
                return (Splice(root, number.Parent, number.Key, Encoding.UTF8.GetBytes(literal)), true);
            case MutationKind.Null:
                Replace(parent, key, null);
                return (Serialize(root), true);
            case MutationKind.MissingField:
                var properties = nodes.Where(n => n.Parent is JsonObject).ToList();
                var removed = properties[random.Next(properties.Count)];
                ((JsonObject)removed.Parent).Remove((string)removed.Key);
                return (Serialize(root), true);
            case MutationKind.UnknownField:
                var objects = nodes.Select(n => n.Node).OfType<JsonObject>().Append(root as JsonObject).OfType<JsonObject>().ToList();
                objects[random.Next(objects.Count)][$"x{random.Next(1000)}"] = random.Next(2) == 0 ? 1 : "surprise";
                return (Serialize(root), false);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    /// <summary>A key repeated in one object, with another value: <c>{"seq": 1, "seq": 2}</c>.</summary>
    private static byte[] DuplicateKey(JsonNode root, List<(JsonNode Parent, object Key, JsonNode? Node)> nodes, Random random)
    {
        var objects = nodes.Select(n => n.Node).OfType<JsonObject>().Prepend(root as JsonObject).OfType<JsonObject>().Where(o => o.Count > 0).ToList();
        var target = objects[random.Next(objects.Count)];
        var existing = target.ElementAt(random.Next(target.Count));
        var twin = existing.Value?.DeepClone() ?? JsonValue.Create(1);
        if (random.Next(2) == 0)
        {
            twin = JsonValue.Create("other");
        }

        target[Marker] = twin;
        var text = Encoding.UTF8.GetString(Serialize(root));
        return Encoding.UTF8.GetBytes(text.Replace(MarkerJson, JsonSerializer.Serialize(existing.Key), StringComparison.Ordinal));
    }

    /// <summary>Puts raw bytes where <paramref name="key"/> of <paramref name="parent"/> was.</summary>
    private static byte[] Splice(JsonNode root, JsonNode parent, object key, byte[] raw)
    {
        Replace(parent, key, JsonValue.Create(Marker));
        var text = Serialize(root);
        var marker = Encoding.UTF8.GetBytes(MarkerJson);
        var at = text.AsSpan().IndexOf(marker);
        return [.. text[..at], .. raw, .. text[(at + marker.Length)..]];
    }

    private static JsonNode? OtherType(JsonNode? node, Random random)
    {
        JsonNode?[] choices = node switch
        {
            JsonObject => [new JsonArray(), JsonValue.Create("object"), JsonValue.Create(1), JsonValue.Create(true)],
            JsonArray => [new JsonObject(), JsonValue.Create("array"), JsonValue.Create(0), JsonValue.Create(false)],
            JsonValue v when v.GetValueKind() == JsonValueKind.String => [JsonValue.Create(123), JsonValue.Create(1.5), JsonValue.Create(true), new JsonObject(), new JsonArray()],
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => [JsonValue.Create(v.ToJsonString()), JsonValue.Create(true), new JsonArray(), new JsonObject { ["value"] = 1 }],
            _ => [JsonValue.Create("true"), JsonValue.Create(1), new JsonArray(), new JsonObject()],
        };
        return choices[random.Next(choices.Length)];
    }

    /// <summary>Every node below the root, with its parent and its key (property name or index).</summary>
    private static IEnumerable<(JsonNode Parent, object Key, JsonNode? Node)> Nodes(JsonNode root)
    {
        var stack = new Stack<JsonNode>([root]);
        while (stack.TryPop(out var current))
        {
            switch (current)
            {
                case JsonObject o:
                    foreach (var (name, child) in o.ToList())
                    {
                        yield return (o, name, child);
                        if (child is not null)
                        {
                            stack.Push(child);
                        }
                    }

                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++)
                    {
                        yield return (a, i, a[i]);
                        if (a[i] is { } child)
                        {
                            stack.Push(child);
                        }
                    }

                    break;
            }
        }
    }

    private static void Replace(JsonNode parent, object key, JsonNode? value)
    {
        if (parent is JsonObject o)
        {
            o[(string)key] = value;
        }
        else
        {
            ((JsonArray)parent)[(int)key] = value;
        }
    }

    private static byte[] GzipBomb(Random random)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[64 * 1024];
            for (var i = 0; i < 32 + random.Next(64); i++)
            {
                gzip.Write(zeros);
            }
        }

        return buffer.ToArray();
    }

    private static bool IsJson(byte[] text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64, AllowDuplicateProperties = false });
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static byte[] Serialize(JsonNode root) => Encoding.UTF8.GetBytes(root.ToJsonString());

    private static T Pick<T>(Random random, T[] choices) => choices[random.Next(choices.Length)];
}
