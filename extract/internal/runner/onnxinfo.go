package runner

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// ioInfo describes one graph input or output of an ONNX model.
type ioInfo struct {
	Name     string
	ElemType int32   // ONNX TensorProto.DataType: 1 float, 6 int32, 7 int64
	Dims     []int64 // -1 for a symbolic (dynamic) dimension
}

// ONNX element types the runner handles.
const (
	onnxFloat = 1
	onnxInt32 = 6
	onnxInt64 = 7
)

// graphIO reads the graph's inputs and outputs from an ONNX model (a
// ModelProto) without loading it into ONNX Runtime, which would cost a
// second session. Inputs that are initializers (old exporters list weights
// as inputs) are left out.
func graphIO(model []byte) (inputs, outputs []ioInfo, err error) {
	var graph []byte
	err = walk(model, func(num int, _ uint64, data []byte) error {
		if num == 7 { // ModelProto.graph
			graph = data
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("not an ONNX model: %w", err)
	}
	if graph == nil {
		return nil, nil, errors.New("not an ONNX model: no graph")
	}
	inits := map[string]bool{}
	err = walk(graph, func(num int, _ uint64, data []byte) error {
		switch num {
		case 5: // GraphProto.initializer (TensorProto; name is field 8)
			return walk(data, func(n int, _ uint64, d []byte) error {
				if n == 8 {
					inits[string(d)] = true
				}
				return nil
			})
		case 11, 12: // GraphProto.input, GraphProto.output (ValueInfoProto)
			info, err := valueInfo(data)
			if err != nil {
				return err
			}
			if num == 11 {
				inputs = append(inputs, info)
			} else {
				outputs = append(outputs, info)
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("not an ONNX model: %w", err)
	}
	real := inputs[:0]
	for _, in := range inputs {
		if !inits[in.Name] {
			real = append(real, in)
		}
	}
	return real, outputs, nil
}

func valueInfo(b []byte) (ioInfo, error) {
	var info ioInfo
	err := walk(b, func(num int, _ uint64, data []byte) error {
		switch num {
		case 1:
			info.Name = string(data)
		case 2: // TypeProto
			return walk(data, func(n int, _ uint64, d []byte) error {
				if n != 1 { // TypeProto.tensor_type
					return nil
				}
				return walk(d, func(n int, v uint64, d []byte) error {
					switch n {
					case 1:
						info.ElemType = int32(v)
					case 2: // TensorShapeProto
						return walk(d, func(n int, _ uint64, d []byte) error {
							if n != 1 {
								return nil
							}
							dim := int64(-1)
							err := walk(d, func(n int, v uint64, _ []byte) error {
								if n == 1 {
									dim = int64(v)
								}
								return nil
							})
							info.Dims = append(info.Dims, dim)
							return err
						})
					}
					return nil
				})
			})
		}
		return nil
	})
	return info, err
}

// walk calls fn for every field of a protobuf message: varints and fixed
// values come in v, length-delimited fields in data.
func walk(b []byte, fn func(num int, v uint64, data []byte) error) error {
	for len(b) > 0 {
		key, n := binary.Uvarint(b)
		if n <= 0 {
			return errors.New("bad field key")
		}
		b = b[n:]
		num, wt := int(key>>3), key&7
		if num == 0 {
			return errors.New("field number 0")
		}
		var v uint64
		var data []byte
		switch wt {
		case 0:
			v, n = binary.Uvarint(b)
			if n <= 0 {
				return errors.New("bad varint")
			}
			b = b[n:]
		case 1:
			if len(b) < 8 {
				return errors.New("truncated fixed64")
			}
			v, b = binary.LittleEndian.Uint64(b), b[8:]
		case 2:
			l, n := binary.Uvarint(b)
			if n <= 0 || l > uint64(len(b)-n) {
				return errors.New("truncated field")
			}
			data, b = b[n:n+int(l)], b[n+int(l):]
		case 5:
			if len(b) < 4 {
				return errors.New("truncated fixed32")
			}
			v, b = uint64(binary.LittleEndian.Uint32(b)), b[4:]
		default:
			return fmt.Errorf("unsupported wire type %d", wt)
		}
		if err := fn(num, v, data); err != nil {
			return err
		}
	}
	return nil
}
