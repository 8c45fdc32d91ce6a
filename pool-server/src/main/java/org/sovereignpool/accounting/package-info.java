/**
 * Turning shares into credits, in exact satoshis: {@link org.sovereignpool.accounting.Pplns} (a block's reward over
 * the last windowFactor x network difficulty of difficulty-weighted shares) and {@link org.sovereignpool.accounting.Pps}
 * (every share earns subsidy x difficulty / network difficulty); remainders by
 * {@link org.sovereignpool.accounting.LargestRemainder}.
 */
package org.sovereignpool.accounting;
