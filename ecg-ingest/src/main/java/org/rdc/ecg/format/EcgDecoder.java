package org.rdc.ecg.format;

import org.rdc.ecg.EcgFormatException;
import org.rdc.ecg.model.EcgRecord;
import org.rdc.ecg.model.SourceFormat;

/**
 * One input format. {@link EcgReader} asks each registered decoder whether it recognises the
 * content and lets the first that does decode it.
 */
public interface EcgDecoder {

    SourceFormat format();

    /** Cheap recognition from the content (magic bytes, XML root element); must not throw. */
    boolean accepts(EcgContent content);

    /** Decodes recognised content; broken content fails with a message naming what and where. */
    EcgRecord decode(EcgContent content) throws EcgFormatException;
}
