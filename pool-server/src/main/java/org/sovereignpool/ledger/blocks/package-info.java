/** Found blocks and their life: recorded, credited, confirmed, mature at 100 confirmations, or orphaned. */
package org.sovereignpool.ledger.blocks;
