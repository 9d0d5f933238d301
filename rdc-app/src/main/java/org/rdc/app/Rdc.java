package org.rdc.app;

public final class Rdc {
    public static void main(String[] args) {
    }
}
