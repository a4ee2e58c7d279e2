using System.Buffers.Binary;
using System.Text;

namespace NeuralNet.Tests.Serialization;

/// <summary>The fields of a valid model file or checkpoint, walked from the layout docs/model-format.md describes, so that a test can edit one field by name.</summary>
/// <remarks>
/// Written from the format's description, not with the library's reader: a walk that does not end exactly at the
/// checksum throws, which checks the description against what the library writes. The property tests use it to edit
/// sizes, counts and lengths ("tampered but checksummed" files) rather than only random bytes.
/// </remarks>
internal sealed class FileLayout
{
    private readonly byte[] _file;
    private readonly List<FileField> _fields = [];
    private readonly List<int> _parameterLengths = [];
    private int _at;

    private FileLayout(byte[] file)
    {
        _file = file;
    }

    /// <summary>Every integer and float field of the file, with its name, offset and size, in file order.</summary>
    public IReadOnlyList<FileField> Fields => _fields;

    /// <summary>The fields that are sizes, counts, flags, lengths or kinds: what the reader checks against the rest of the file.</summary>
    public IReadOnlyList<FileField> Counts => [.. _fields.Where(f => f.IsCount)];

    /// <summary>The fields of a model file.</summary>
    public static FileLayout Model(byte[] file)
    {
        var layout = new FileLayout(file);
        uint flags = layout.Header();
        layout.Network(withNames: (flags & 1) != 0);
        layout.End();
        return layout;
    }

    /// <summary>The fields of a checkpoint.</summary>
    public static FileLayout Checkpoint(byte[] file)
    {
        var layout = new FileLayout(file);
        layout.Header();
        int layers = layout.Network(withNames: true);
        for (int i = 0; i < layers; i++)
        {
            int length = layout.Count($"layer {i} training state length");
            layout.Words(length / 8, $"layer {i} generator state");
        }

        layout.Text("loss");
        layout.Optimizer();
        layout.Text("schedule kind");
        int settings = layout.Count("schedule setting count");
        layout.Doubles(settings, "schedule setting");
        layout.Options();
        layout.Position();
        int sections = layout.Count("callback section count");
        for (int s = 0; s < sections; s++)
        {
            string name = layout.Text("callback section name");
            int length = layout.Count($"{name} section length");
            layout.Callback(name, length);
        }

        layout.History();
        layout.Count("training set sample count");
        layout.Count("training set feature count");
        layout.Field("training set checksum", 4);
        layout.End();
        return layout;
    }

    /// <summary>The one field called <paramref name="name"/>.</summary>
    public FileField this[string name] => _fields.Single(f => f.Name == name);

    private uint Header()
    {
        _at = 8;
        Field("format version", 4);
        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(_file.AsSpan(_at));
        Field("flags", 4);
        Field("file length", 8);
        return flags;
    }

    private int Network(bool withNames)
    {
        int layers = Count("layer count");
        int features = Count("input size");
        int inputs = features;
        for (int i = 0; i < layers; i++)
        {
            ushort kind = BinaryPrimitives.ReadUInt16LittleEndian(_file.AsSpan(_at));
            Field($"layer {i} kind", 2, isCount: true);
            Count($"layer {i} record length");
            if (kind == 1)
            {
                int inputSize = Count($"layer {i} input size");
                int outputSize = Count($"layer {i} output size");
                Text($"layer {i} activation");
                _parameterLengths.Add(inputSize * outputSize);
                _parameterLengths.Add(outputSize);
                inputs = outputSize;
            }
            else
            {
                Count($"layer {i} size");
                Field($"layer {i} dropout rate", 4);
            }

        }

        Text("scaling kind");
        int factors = Count("scaling factor count");
        Floats(2 * factors, "scaling factor");
        long parameters = Long("parameter count");
        Floats((int)parameters, "parameter");
        if (withNames)
        {
            int classes = Count("class name count");
            for (int c = 0; c < classes; c++)
            {
                Text($"class name {c}");
            }

            int names = Count("feature name count");
            for (int f = 0; f < names; f++)
            {
                Text($"feature name {f}");
            }
        }

        return layers;
    }

    private void Optimizer()
    {
        Text("optimizer kind");
        int settings = Count("optimizer setting count");
        for (int s = 0; s < settings; s++)
        {
            string name = Text("optimizer setting name");
            Field($"optimizer setting {name}", 4);
        }

        Long("optimizer steps");
        int slots = Count("optimizer state buffer count");
        int parameters = Count("optimizer parameter count");
        for (int p = 0; p < parameters; p++)
        {
            if (Count($"parameter {p} state flag") == 1)
            {
                Long($"parameter {p} steps");
                Floats(slots * _parameterLengths[p], $"parameter {p} state");
            }
        }
    }

    private void Options()
    {
        Count("epochs");
        Long("iteration limit");
        Count("batch size");
        Count("shuffle flag");
        Field("seed", 4);
        Field("weight decay", 4);
        Field("gradient clipping norm", 4);
        if (Count("early stopping flag") == 1)
        {
            Count("early stopping patience");
            Field("early stopping minimum delta", 8);
            Count("early stopping metric");
            Count("early stopping restore flag");
        }

        Count("checkpoint interval");
        Text("checkpoint path");
        Field("loss explosion factor", 8);
    }

    private void Position()
    {
        Words(4, "shuffle generator state");
        Count("completed epochs");
        Long("completed iterations");
        Count("finished flag");
        if (Count("epoch in progress flag") == 1)
        {
            Count("batches done");
            Field("epoch loss sum", 8);
            Long("epoch correct count");
            Count("epoch samples");
            Field("epoch seconds", 8);
            int order = Count("sample order length");
            for (int i = 0; i < order; i++)
            {
                Count($"sample order {i}");
            }
        }
    }

    private void Callback(string name, int length)
    {
        int end = _at + length;
        switch (name)
        {
            case "schedule":
                Field("base learning rate", 4);
                break;
            case "divergence":
                Field("divergence starting loss", 8);
                Count("divergence starting samples");
                Field("divergence recent loss", 8);
                int layers = Count("divergence layer count");
                for (int i = 0; i < layers; i++)
                {
                    Count($"divergence dead samples {i}");
                }

                break;
            case "early-stopping":
                Field("early stopping best value", 8);
                Count("early stopping best epoch");
                Count("early stopping bad epochs");
                if (Count("early stopping best weights flag") == 1)
                {
                    Floats(_parameterLengths.Sum(), "early stopping best weight");
                }

                break;
            default:
                throw new InvalidDataException($"Unknown callback section '{name}'.");
        }

        if (_at != end)
        {
            throw new InvalidDataException($"The '{name}' section declares {length} bytes but its fields take {length + _at - end}.");
        }
    }

    private void History()
    {
        Count("stop reason");
        Count("best epoch");
        int rows = Count("history row count");
        for (int r = 0; r < rows; r++)
        {
            Count($"history {r} epoch");
            Long($"history {r} iterations");
            Count($"history {r} samples");
            Field($"history {r} training loss", 8);
            Field($"history {r} training accuracy", 8);
            Count($"history {r} validation flag");
            Field($"history {r} validation loss", 8);
            Field($"history {r} validation accuracy", 8);
            Field($"history {r} learning rate", 4);
            Field($"history {r} seconds", 8);
            Field($"history {r} speed", 8);
        }
    }

    private void End()
    {
        if (_at != _file.Length - 4)
        {
            throw new InvalidDataException($"The walk ended at byte {_at} but the checksum is at {_file.Length - 4}.");
        }

        Field("checksum", 4);
    }

    private int Count(string name)
    {
        uint value = BinaryPrimitives.ReadUInt32LittleEndian(_file.AsSpan(_at));
        Field(name, 4, isCount: true);
        return checked((int)value);
    }

    private long Long(string name)
    {
        ulong value = BinaryPrimitives.ReadUInt64LittleEndian(_file.AsSpan(_at));
        Field(name, 8, isCount: true);
        return checked((long)value);
    }

    private string Text(string name)
    {
        int length = BinaryPrimitives.ReadUInt16LittleEndian(_file.AsSpan(_at));
        Field($"{name} length", 2, isCount: true);
        string text = Encoding.UTF8.GetString(_file, _at, length);
        _at += length;
        return text;
    }

    private void Floats(int count, string name)
    {
        for (int i = 0; i < count; i++)
        {
            Field($"{name} {i}", 4);
        }
    }

    private void Doubles(int count, string name)
    {
        for (int i = 0; i < count; i++)
        {
            Field($"{name} {i}", 8);
        }
    }

    private void Words(int count, string name)
    {
        for (int i = 0; i < count; i++)
        {
            Field($"{name} {i}", 8);
        }
    }

    private void Field(string name, int size, bool isCount = false)
    {
        if (_at + size > _file.Length)
        {
            throw new InvalidDataException($"The field '{name}' at byte {_at} runs past the end of the {_file.Length}-byte file.");
        }

        _fields.Add(new FileField(name, _at, size, isCount));
        _at += size;
    }
}

/// <summary>One field of a file: its name, offset, size in bytes (2, 4 or 8, little-endian), and whether it is a size, count, flag, length or kind (rather than a value).</summary>
internal readonly record struct FileField(string Name, int Offset, int Size, bool IsCount)
{
    /// <summary>A copy of <paramref name="file"/> with this field set to <paramref name="value"/> (cut to the field's size).</summary>
    public byte[] Set(byte[] file, ulong value)
    {
        byte[] copy = (byte[])file.Clone();
        Span<byte> bytes = copy.AsSpan(Offset, Size);
        switch (Size)
        {
            case 2:
                BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)value);
                break;
            case 4:
                BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)value);
                break;
            default:
                BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
                break;
        }

        return copy;
    }
}
