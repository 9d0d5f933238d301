package org.rdc.dicom.object;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;

/** Conversions between little endian value bytes and numbers, per VR (PS3.5 6.2). */
public final class Values {

    private Values() {
    }

    public static long[] longs(byte[] b, VR vr) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int unit = vr == VR.AT ? 4 : Math.max(1, vr.unitSize());
        long[] out = new long[b.length / unit];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (vr) {
                case US, OW -> bb.getShort() & 0xFFFF;
                case SS -> bb.getShort();
                case UL, OL -> bb.getInt() & 0xFFFFFFFFL;
                case SL -> bb.getInt();
                case AT -> (bb.getShort() & 0xFFFFL) << 16 | (bb.getShort() & 0xFFFF);
                case SV, UV, OV -> bb.getLong();
                case FL, OF -> (long) bb.getFloat();
                case FD, OD -> (long) bb.getDouble();
                default -> bb.get() & 0xFF;
            };
        }
        return out;
    }

    public static double[] doubles(byte[] b, VR vr) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        return switch (vr) {
            case FL, OF -> {
                double[] out = new double[b.length / 4];
                for (int i = 0; i < out.length; i++) {
                    out[i] = bb.getFloat();
                }
                yield out;
            }
            case FD, OD -> {
                double[] out = new double[b.length / 8];
                for (int i = 0; i < out.length; i++) {
                    out[i] = bb.getDouble();
                }
                yield out;
            }
            default -> Arrays.stream(longs(b, vr)).asDoubleStream().toArray();
        };
    }

    /** Binary values as text: numbers in decimal, AT as {@code 00100010}; UV printed unsigned. */
    public static String[] format(byte[] b, VR vr) {
        switch (vr) {
            case FL, FD, OF, OD -> {
                double[] d = doubles(b, vr);
                String[] out = new String[d.length];
                for (int i = 0; i < d.length; i++) {
                    out[i] = vr == VR.FL || vr == VR.OF ? Float.toString((float) d[i]) : Double.toString(d[i]);
                }
                return out;
            }
            case AT -> {
                return Arrays.stream(longs(b, vr)).mapToObj(t -> Tag.toHex((int) t)).toArray(String[]::new);
            }
            case UV -> {
                return Arrays.stream(longs(b, vr)).mapToObj(Long::toUnsignedString).toArray(String[]::new);
            }
            default -> {
                return Arrays.stream(longs(b, vr)).mapToObj(Long::toString).toArray(String[]::new);
            }
        }
    }

    public static byte[] encodeLongs(long[] values, VR vr) {
        int unit = vr == VR.AT ? 4 : vr.unitSize();
        ByteBuffer bb = ByteBuffer.allocate(values.length * unit).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            switch (vr) {
                case US, SS, OW -> bb.putShort((short) v);
                case UL, SL, OL -> bb.putInt((int) v);
                case AT -> bb.putShort((short) (v >>> 16)).putShort((short) v);
                case SV, UV, OV -> bb.putLong(v);
                case OB, UN -> bb.put((byte) v);
                default -> throw new IllegalArgumentException("not an integer VR: " + vr);
            }
        }
        return bb.array();
    }

    public static byte[] encodeDoubles(double[] values, VR vr) {
        int unit = vr.unitSize();
        ByteBuffer bb = ByteBuffer.allocate(values.length * unit).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            if (vr == VR.FL || vr == VR.OF) {
                bb.putFloat((float) v);
            } else if (vr == VR.FD || vr == VR.OD) {
                bb.putDouble(v);
            } else {
                throw new IllegalArgumentException("not a floating point VR: " + vr);
            }
        }
        return bb.array();
    }

    /** DS holds at most 16 characters (PS3.5 6.2): plain notation, no trailing zeros. */
    public static String formatDecimal(double v) {
        String s = BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        return s.length() <= 16 ? s : String.valueOf(v);
    }

    /** Values have even length (PS3.5 7.1.1); the padding byte depends on the VR (PS3.5 6.2). */
    public static byte[] pad(byte[] b, VR vr) {
        if ((b.length & 1) == 0) {
            return b;
        }
        byte[] out = Arrays.copyOf(b, b.length + 1);
        out[b.length] = vr.paddingByte();
        return out;
    }
}
