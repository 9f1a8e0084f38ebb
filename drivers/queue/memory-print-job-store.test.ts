import { describe, it } from 'vitest';
import { printJobStoreContract } from '../testing/print-job-store-contract.js';
import { MemoryPrintJobStore } from './memory-print-job-store.js';

printJobStoreContract({ describe, it }, 'MemoryPrintJobStore', () => ({ store: new MemoryPrintJobStore() }));
