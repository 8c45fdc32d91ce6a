package org.sovereignpool.node;

/** Lets implementations in other packages run {@link TemplateSourceContract}. */
public abstract class TemplateSourceContractAccess extends TemplateSourceContract {}
