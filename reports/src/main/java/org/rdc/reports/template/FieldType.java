package org.rdc.reports.template;

/** What a structured field of a template holds; a value of another shape is refused ({@code field-type}). */
public enum FieldType {
    /** free text, at most {@code maxLength} characters */
    TEXT,
    /** a decimal number in {@code unit}, within {@code min}..{@code max} when given */
    NUMBER,
    /** one code of {@code choices} */
    CHOICE,
    /** a list of codes of {@code choices}, each at most once */
    MULTI_CHOICE,
    /** true or false */
    BOOLEAN,
    /** a list of short texts (e.g. the ECG analysis statements) */
    TEXT_LIST
}
